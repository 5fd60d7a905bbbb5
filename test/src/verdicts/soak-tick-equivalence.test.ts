import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SoakMetric } from '../../../src/ports/service-provider.ts';
import type { SoakReport } from '../../../src/rollout/wave-checks.ts';
import { createSoakJudge } from '../../../src/verdicts/soak-judge.ts';
import { APPLIED, fakeMetrics, soakInput, wobble } from './soak-world.ts';

/**
 * The soak tick's speed work must not move a verdict or a character of what GUARD writes. A wave
 * shaped like the bench's (every metric kind, a ratio with volume, a gauge judged both ways, limits)
 * with clusters that regress in each way the judge knows, controls, gaps and silent series, judged
 * over several ticks with the stored baseline read back from JSON as the state store hands it.
 * The snapshot was written by the judge before the speed work (commit "Soak tick equivalence
 * snapshot"); it holds the verdicts, reasons, title and evidence markdown in full, and digests of
 * the stored baseline and the chart record.
 */
const METRICS: SoakMetric[] = [
  { name: 'error-ratio', kind: 'ratio', query: 'errors', volumeQuery: 'requests', minVolume: 100 },
  { name: 'p95-latency', kind: 'latency', query: 'p95' },
  { name: 'p99-latency', kind: 'latency', query: 'p99', max: 400 },
  { name: 'requests', kind: 'rate', query: 'rps' },
  { name: 'restarts', kind: 'count', query: 'restarts' },
  { name: 'queue', kind: 'gauge', query: 'queue', direction: 'either' },
];
const CONTROLS = ['ctl-0', 'ctl-1', 'ctl-2'];
const APPLIED_SEC = APPLIED.getTime() / 1000;

/** What goes wrong on cluster i, by its index: most clusters are healthy. */
function trouble(cluster: string): string {
  const i = Number(cluster.split('-')[1]);
  if (cluster.startsWith('ctl')) return 'none';
  return ['step', 'spike', 'storm', 'drop', 'silent', 'gaps', 'slow-drift', 'limit', 'new'][i % 23] ?? 'none';
}

function valueAt(query: string, cluster: string, sec: number): number | undefined {
  const kind = trouble(cluster);
  const after = sec >= APPLIED_SEC + 20 * 60;
  const noise = wobble(cluster, sec);
  const noise2 = wobble(`${cluster}/${query}`, sec);
  if (kind === 'silent' && sec >= APPLIED_SEC + 30 * 60) return undefined;
  if (kind === 'new' && sec < APPLIED_SEC - 10 * 60) return undefined;
  if (kind === 'gaps' && Math.floor(sec / 60) % 4 === 0) return undefined;
  switch (query) {
    case 'requests':
      return 4000 + 300 * noise;
    case 'errors':
      if (noise2 > 0.8 && kind !== 'step') return undefined; // no errors counted: no point at all
      return (kind === 'step' && after ? 0.03 : 0.01) * (1 + 0.2 * noise2);
    case 'p95':
      if (kind === 'spike' && Math.abs(sec - (APPLIED_SEC + 41 * 60)) < 90) return 400;
      return (kind === 'slow-drift' ? 100 + Math.max(0, sec - APPLIED_SEC) / 60 : 100) * (1 + 0.05 * noise);
    case 'p99':
      return kind === 'limit' && after ? 450 + 10 * noise : 200 * (1 + 0.1 * noise2);
    case 'rps':
      return (kind === 'drop' && after ? 40 : 100) * (1 + 0.03 * noise);
    case 'restarts':
      return kind === 'storm' && after ? 6 + Math.round(3 * noise2) : noise2 > 0.85 ? 1 : 0;
    case 'queue':
      return 50 + 10 * noise2;
    default:
      return undefined;
  }
}

function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
}

function written(report: SoakReport) {
  return {
    verdicts: report.verdicts,
    reasons: report.reasons,
    title: report.title,
    markdown: report.markdown,
    baseline: digest(report.baseline),
    charts: report.charts && digest(report.charts),
  };
}

describe('the soak tick', () => {
  // 16 clusters: the evidence is whole; 240: it is cut to fit, failing clusters first.
  it.each([16, 240])(
    'over %i clusters gives the same verdicts, evidence, stored baseline and charts as before the speed work',
    async (size) => {
      const wave = Array.from({ length: size }, (_, i) => `cluster-${i}`);
      const metrics = fakeMetrics(valueAt);
      const judge = createSoakJudge({ metrics });
      const ticks: ReturnType<typeof written>[] = [];
      let stored: unknown;
      for (const minutes of [12, 25, 46, 61, 75]) {
        const now = new Date(APPLIED.getTime() + minutes * 60_000);
        const input = soakInput({ wave, controls: CONTROLS, now, metrics: METRICS, baseline: stored });
        const report = await judge.soak(input);
        ticks.push(written(report));
        // The engine stores the baseline as JSON and reads it back on the next tick.
        stored = JSON.parse(JSON.stringify(report.baseline));
      }
      const verdicts = ticks.map((t) => Object.values(t.verdicts));
      // The wave shows every verdict, so the snapshot covers failing and inconclusive evidence.
      for (const v of ['pass', 'fail', 'inconclusive'] as const) expect(verdicts.flat()).toContain(v);
      await expect(`${JSON.stringify(ticks, null, 1)}\n`).toMatchFileSnapshot(
        `__snapshots__/soak-tick-equivalence-${size}.json`,
      );
    },
  );
});
