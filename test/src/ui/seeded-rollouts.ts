// Rollouts as the engine stores them, with soak charts as the judge records them, for the page's
// tests and its screenshot: an Istio rollout soaking its dev wave (one cluster's p95 latency
// failing), a Promtail rollout on a GitLab subgroup rolled back after its error ratio rose, and a
// finished cert-manager rollout. Series are generated from a seeded PRNG, so every run draws the same.
import type { RolloutDoc } from '../../../src/engine/rollout-doc.ts';
import type { StateStore } from '../../../src/ports/state-store.ts';
import type { RolloutState, WaveState } from '../../../src/rollout/model.ts';
import type { SoakChart, SoakCharts } from '../../../src/rollout/soak-charts.ts';

export const NOW = new Date('2025-06-03T14:30:00Z');
export const ISTIO_KEY = 'github:acme/platform-fleet:istio';
export const PROMTAIL_KEY = 'gitlab:platform/infra/fleet:promtail';
export const CERT_KEY = 'github:acme/platform-fleet:cert-manager';

const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** mulberry32: small, seeded, good enough for noise. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ (t + Math.imul(t ^ (t >>> 14), 71 | t));
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Shape {
  metric: string;
  kind: SoakChart['kind'];
  unit?: string;
  level: number;
  noise: number;
  /** Multiplies the level from `stepAt` (minutes into the soak) on. */
  step?: { at: number; factor: number };
  limits?: SoakChart['limits'];
}

/** A chart as the judge would record it: 60 baseline points summarised, one point a minute since the apply. */
export function chartOf(
  cluster: string,
  shape: Shape,
  soakFromMs: number,
  toMs: number,
  seed: number,
): SoakChart {
  const rand = rng(seed);
  const noisy = (level: number) => Math.max(0, level * (1 + (rand() - 0.5) * 2 * shape.noise));
  const base = Array.from({ length: 60 }, () => noisy(shape.level));
  const sorted = [...base].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.round(p * (sorted.length - 1))]!;
  const current: [number, number][] = [];
  for (let t = soakFromMs; t <= toMs; t += MIN) {
    const minute = (t - soakFromMs) / MIN;
    const factor = shape.step && minute >= shape.step.at ? shape.step.factor : 1;
    current.push([t / 1000, noisy(shape.level * factor)]);
  }
  const failing = shape.step !== undefined;
  const onset = shape.step ? (soakFromMs + shape.step.at * MIN) / 1000 : undefined;
  return {
    metric: shape.metric,
    cluster,
    kind: shape.kind,
    ...(shape.unit ? { unit: shape.unit } : {}),
    direction: shape.kind === 'rate' ? 'decrease' : 'increase',
    verdict: failing ? 'fail' : 'pass',
    reason: failing
      ? `+${Math.round((shape.step!.factor - 1) * 100)}% over the baseline in the last ${Math.round((toMs / 1000 - onset!) / 60)} min (p = 2.1e-5)`
      : 'within the baseline (p = 0.41)',
    baseline: {
      n: base.length,
      p5: q(0.05),
      median: q(0.5),
      p95: q(0.95),
      points: Array.from({ length: 24 }, (_, i) => {
        const slice = base.slice(Math.floor((i * 60) / 24), Math.floor(((i + 1) * 60) / 24));
        return slice.reduce((a, b) => a + b, 0) / slice.length;
      }),
    },
    current,
    ...(onset !== undefined ? { onset } : {}),
    ...(shape.limits ? { limits: shape.limits } : {}),
  };
}

const ISTIO_METRICS: Shape[] = [
  { metric: 'error ratio', kind: 'ratio', level: 0.004, noise: 0.5, limits: { max: 0.02 } },
  { metric: 'p95 latency', kind: 'latency', unit: 'ms', level: 180, noise: 0.12 },
  { metric: 'requests', kind: 'rate', unit: 'req/s', level: 920, noise: 0.08 },
];

function wave(
  index: number,
  batch: string,
  phase: WaveState['phase'],
  clusters: string[],
  extra: Partial<WaveState> = {},
): WaveState {
  return {
    index,
    batch,
    soakMs: 60 * MIN,
    phase,
    branch: `guard/x/${batch}`,
    clusters: clusters.map((name) => ({ name, environment: batch, fields: [] })),
    ...extra,
  };
}

/** The Istio rollout: wave 2 (dev) soaking for 40 minutes, dev-eu-2's p95 latency up 45% since minute 28. */
export function istioRollout(): { doc: RolloutDoc; charts: SoakCharts } {
  const mergedAt = NOW.getTime() - 55 * MIN;
  const appliedAt = NOW.getTime() - 40 * MIN;
  const evaluatedAt = NOW.getTime() - MIN;
  const dev = ['dev-eu-1', 'dev-eu-2', 'dev-us-1'];
  const mr = (n: number) => ({
    number: n,
    url: `https://github.com/acme/platform-fleet/pull/${n}`,
    branch: 'b',
  });
  const state: RolloutState = {
    key: ISTIO_KEY,
    service: 'istio',
    version: '1.20.0',
    digest: 'd1',
    phase: 'active',
    waves: [
      wave(1, 'test', 'passed', ['test-1'], {
        mr: mr(41),
        mergedAt: iso(mergedAt - 180 * MIN),
        appliedAt: iso(mergedAt - 170 * MIN),
      }),
      wave(2, 'dev', 'soaking', dev, {
        mr: mr(44),
        mergedAt: iso(mergedAt),
        appliedAt: iso(appliedAt),
        soak: {
          startedAt: iso(appliedAt),
          elapsedMs: 40 * MIN,
          countedAt: iso(evaluatedAt),
          lastEvaluatedAt: iso(evaluatedAt),
          failures: { 'dev-eu-2': 2 },
          passes: { 'dev-eu-1': 38, 'dev-us-1': 38, 'dev-eu-2': 26 },
          evaluations: 39,
          inconclusive: 0,
        },
      }),
      wave(3, 'staging', 'pending', ['staging-eu-1', 'staging-us-1']),
      wave(4, 'prod', 'pending', ['prod-eu-1', 'prod-eu-2', 'prod-us-1', 'prod-us-2']),
    ],
    dashboard: { number: 40, url: 'https://github.com/acme/platform-fleet/issues/40' },
    createdAt: iso(mergedAt - 200 * MIN),
    updatedAt: iso(evaluatedAt),
  };
  const charts: SoakChart[] = [];
  for (const [c, cluster] of dev.entries())
    for (const [m, shape] of ISTIO_METRICS.entries()) {
      const s = cluster === 'dev-eu-2' && m === 1 ? { ...shape, step: { at: 28, factor: 1.45 } } : shape;
      charts.push(chartOf(cluster, s, appliedAt, evaluatedAt - MIN, 100 * c + m));
    }
  charts.sort((a, b) => Number(b.cluster === 'dev-eu-2') - Number(a.cluster === 'dev-eu-2'));
  const record: SoakCharts = {
    v: 1,
    wave: 2,
    mergedAt: iso(mergedAt),
    soakSince: iso(appliedAt),
    baselineFrom: iso(mergedAt - 60 * MIN),
    evaluatedAt: iso(evaluatedAt),
    intervalMs: MIN,
    clusters: [
      { cluster: 'dev-eu-2', verdict: 'fail', reasons: ['p95 latency: +45% over the baseline'] },
      { cluster: 'dev-eu-1', verdict: 'pass', reasons: [] },
      { cluster: 'dev-us-1', verdict: 'pass', reasons: [] },
    ],
    charts,
  };
  return { doc: { state }, charts: record };
}

/** Promtail on a GitLab subgroup: wave 2 failed on its error ratio (no baseline on one cluster) and was rolled back. */
export function promtailRollout(): { doc: RolloutDoc; charts: SoakCharts } {
  const mergedAt = NOW.getTime() - 6 * 60 * MIN;
  const appliedAt = mergedAt + 10 * MIN;
  const failedAt = appliedAt + 25 * MIN;
  const mr = (n: number) => ({
    number: n,
    url: `https://gitlab.example.com/platform/infra/fleet/-/merge_requests/${n}`,
    branch: 'b',
  });
  const state: RolloutState = {
    key: PROMTAIL_KEY,
    service: 'promtail',
    version: '6.16.0',
    digest: 'd2',
    phase: 'rolled-back',
    reason: 'wave 2 (dev) failed its soak and was rolled back',
    waves: [
      wave(1, 'test', 'passed', ['test-1', 'test-2'], { mr: mr(7), mergedAt: iso(mergedAt - 120 * MIN) }),
      wave(2, 'dev', 'rolled-back', ['dev-1', 'dev-2'], {
        mr: mr(9),
        mergedAt: iso(mergedAt),
        appliedAt: iso(appliedAt),
        failure: { at: iso(failedAt), reason: 'soak failed on dev-1: error ratio +210% over the baseline' },
        rollback: {
          branch: 'guard/rollback/promtail/dev',
          mr: mr(11),
          mergedAt: iso(failedAt + 20 * MIN),
          reason: 'soak failed',
        },
      }),
      wave(3, 'prod', 'pending', ['prod-1', 'prod-2']),
    ],
    dashboard: { number: 6, url: 'https://gitlab.example.com/platform/infra/fleet/-/issues/6' },
    createdAt: iso(mergedAt - 130 * MIN),
    updatedAt: iso(failedAt + 40 * MIN),
  };
  const shape: Shape = {
    metric: 'error ratio',
    kind: 'ratio',
    level: 0.01,
    noise: 0.3,
    limits: { max: 0.05 },
  };
  const failing = chartOf('dev-1', { ...shape, step: { at: 14, factor: 3.1 } }, appliedAt, failedAt, 7);
  const noBaseline = chartOf('dev-2', shape, appliedAt, failedAt, 8);
  delete noBaseline.baseline;
  noBaseline.verdict = 'inconclusive';
  noBaseline.reason = 'baseline has 0 points before the merge; needs 8';
  const record: SoakCharts = {
    v: 1,
    wave: 2,
    mergedAt: iso(mergedAt),
    soakSince: iso(appliedAt),
    baselineFrom: iso(mergedAt - 60 * MIN),
    evaluatedAt: iso(failedAt),
    intervalMs: MIN,
    clusters: [
      { cluster: 'dev-1', verdict: 'fail', reasons: ['error ratio: +210% over the baseline'] },
      { cluster: 'dev-2', verdict: 'inconclusive', reasons: ['error ratio: no baseline'] },
    ],
    charts: [failing, noBaseline],
  };
  return { doc: { state }, charts: record };
}

export function certManagerRollout(): RolloutDoc {
  const at = NOW.getTime() - 26 * 60 * MIN;
  return {
    state: {
      key: CERT_KEY,
      service: 'cert-manager',
      version: 'v1.15.1',
      digest: 'd3',
      phase: 'completed',
      waves: [wave(1, 'test', 'passed', ['test-1']), wave(2, 'prod', 'passed', ['prod-1', 'prod-2'])],
      createdAt: iso(at),
      updatedAt: iso(at + 300 * MIN),
    },
  };
}

/** Puts the three rollouts (and their charts) where the engine keeps them. */
export async function seedRollouts(store: StateStore): Promise<void> {
  const istio = istioRollout();
  const promtail = promtailRollout();
  await store.put(`rollout/${ISTIO_KEY}`, istio.doc, 0);
  await store.put(`charts/${ISTIO_KEY}/2`, istio.charts, 0);
  await store.put(`rollout/${PROMTAIL_KEY}`, promtail.doc, 0);
  await store.put(`charts/${PROMTAIL_KEY}/2`, promtail.charts, 0);
  await store.put(`rollout/${CERT_KEY}`, certManagerRollout(), 0);
  await store.appendAudit(ISTIO_KEY, {
    at: iso(NOW.getTime() - 55 * MIN),
    actor: 'alice',
    action: 'wave.merged',
    reason: 'wave 2/4 (dev) merged',
  });
}
