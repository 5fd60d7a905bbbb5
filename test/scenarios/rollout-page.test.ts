import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../handlers/commands/parse-command.ts';
import { serviceProviders } from '../../providers/services/api.ts';
import { createEngine } from '../../src/engine/engine.ts';
import { silentLogger } from '../../src/engine/logger.ts';
import type { Clusters } from '../../src/ports/clusters.ts';
import type { SoakCharts } from '../../src/rollout/soak-charts.ts';
import type { SoakReport, WaveChecks } from '../../src/rollout/wave-checks.ts';
import { readRollout } from '../../src/ui/read-rollouts.ts';
import { renderRolloutPage } from '../../src/ui/render-rollout.ts';
import { createFakeForge } from '../fakes/forge.ts';
import { createMemoryStore } from '../fakes/memory-store.ts';
import { chartOf } from '../src/ui/seeded-rollouts.ts';
import { fleetYaml, KEY, releaseYaml, requestYaml, START, waveBranch } from './world.ts';

const CLUSTERS = ['test-1', 'test-2', 'dev-1', 'dev-2', 'prod-1', 'prod-2'];
const PAGE = 'https://guard.example.com/rollouts/github/acme/fleet/promtail';

/**
 * The engine as the server builds it, with or without GUARD_PUBLIC_URL (and the page on), on a fake
 * forge whose clusters apply what the default branch says, and a soak judge that passes and says
 * what it saw as charts.
 */
function setUp(options: {
  publicUrl?: string;
  keepCharts?: boolean;
  charts?: (input: { wave: number; mergedAt: Date }) => SoakCharts;
}) {
  let now = new Date(START);
  const files: Record<string, string> = {
    'guard/fleet.yaml': fleetYaml(),
    'guard/upgrade.yaml': requestYaml(),
  };
  for (const c of CLUSTERS) files[`clusters/${c}/promtail.yaml`] = releaseYaml(c, '6.15.0');
  const forge = createFakeForge({ files });
  const store = createMemoryStore(() => now.getTime());
  const checks: WaveChecks = {
    prechecks: async (input) => ({
      passed: true,
      title: 'prechecks passed',
      markdown: 'ok',
      rows: input.clusters.map((c) => ({ cluster: c.name, outcomes: [] })),
    }),
    soak: async (input): Promise<SoakReport> => ({
      verdicts: Object.fromEntries(input.clusters.map((c) => [c.name, 'pass'])),
      title: 'healthy',
      markdown: 'all checks pass',
      ...(options.charts
        ? { charts: options.charts({ wave: input.wave.index, mergedAt: input.mergedAt }) }
        : {}),
    }),
  };
  const clusters: Clusters = {
    apiStatus: async () => ({ ready: true, version: '1.29' }),
    notReadyNodes: async () => [],
    workloads: async () => [],
    applied: async (cluster, _release, version) =>
      forge.file('main', `clusters/${cluster}/promtail.yaml`)?.includes(`'${version}'`)
        ? { state: 'applied' }
        : { state: 'pending', reason: 'not yet' },
    list: async () => [],
    events: async () => [],
    restart: async () => {},
  };
  const engine = createEngine({
    store,
    forgeFor: async () => forge.forge,
    portsFor: () => ({ clusters, checks }),
    providers: { lookup: (id) => serviceProviders.get(id), ids: [...serviceProviders.keys()] },
    clock: () => now,
    log: silentLogger,
    owner: 'replica-1',
    parseCommand,
    timers: { setTimeout: () => 0, clearTimeout: () => {} },
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    ...(options.keepCharts ? { keepCharts: true } : {}),
  });
  const run = async () => {
    await engine.tick();
    await engine.idle();
  };
  return {
    forge,
    store,
    /** The request is on main; the test wave's MR opens; a person merges it; the soak runs 3 minutes. */
    async soakFirstWave() {
      await engine.sink.deliver({
        id: 'push-1',
        event: {
          kind: 'push',
          forge: 'github',
          project: 'acme/fleet',
          installationId: 1,
          branch: 'main',
          defaultBranch: true,
          after: forge.branchHead('main')!,
          paths: ['guard/upgrade.yaml'],
        },
      });
      await engine.idle();
      const mr = forge.mergeRequests().find((m) => m.branch === waveBranch('test'))!;
      forge.merge(mr.number, now);
      await run();
      for (let i = 0; i < 3; i++) {
        now = new Date(now.getTime() + 60_000);
        await run();
      }
      return mr.number;
    },
  };
}

describe('scenario: the rollout page', () => {
  it('is linked from the soak comment (at the wave) and the dashboard issue when GUARD serves it publicly', async () => {
    const s = setUp({ publicUrl: 'https://guard.example.com/' });

    const mr = await s.soakFirstWave();

    const soak = s.forge
      .comments({ kind: 'mr', number: mr })
      .find((c) => c.body.includes('<!-- guard:soak -->'));
    expect(soak?.body).toContain(`[Soak charts on the rollout page](${PAGE}#wave-1)`);
    const dashboard = s.forge.issues().find((i) => i.labels.includes('guard/dashboard'));
    expect(dashboard?.body).toContain(`[Rollout page with soak charts](${PAGE})`);
  });

  it('is not linked anywhere without a public URL, and the texts are as before', async () => {
    const s = setUp({});

    const mr = await s.soakFirstWave();

    const bodies = [
      ...s.forge.comments({ kind: 'mr', number: mr }).map((c) => c.body),
      ...s.forge.issues().map((i) => i.body),
    ];
    expect(bodies.some((b) => b.includes('<!-- guard:soak -->'))).toBe(true);
    expect(bodies.join('\n')).not.toMatch(/rollouts\/|Rollout page|📈/);
  });

  it('draws the charts each soak evaluation stored, replacing the previous ones', async () => {
    const judge = chartingJudge();
    const s = setUp({ publicUrl: 'https://guard.example.com', keepCharts: true, charts: judge.charts });

    await s.soakFirstWave();

    const stored = (await s.store.get(`charts/${KEY}/1`))?.value as SoakCharts;
    const latest = `errors after ${judge.evaluations()}`;
    expect(judge.evaluations()).toBeGreaterThanOrEqual(2);
    expect(stored.charts.map((c) => c.metric)).toEqual([latest, latest]);
    const html = renderRolloutPage((await readRollout(s.store, KEY))!, '../rollouts');
    expect((html.match(/<svg class="chart"/g) ?? []).length).toBe(2);
    expect(html).toContain(latest);
  });

  it('stores no charts when the page is off: the store holds what it held before', async () => {
    const judge = chartingJudge();
    const s = setUp({ charts: judge.charts });

    await s.soakFirstWave();

    expect(judge.evaluations()).toBeGreaterThanOrEqual(2);
    expect(await s.store.list('charts/')).toEqual([]);
  });
});

/** A judge's charts: two clusters, one metric named after the evaluation that drew it. */
function chartingJudge() {
  let evaluations = 0;
  const charts = ({ wave, mergedAt }: { wave: number; mergedAt: Date }): SoakCharts => {
    evaluations += 1;
    const from = mergedAt.getTime();
    const shape = { metric: `errors after ${evaluations}`, kind: 'ratio', level: 0.01, noise: 0.2 };
    return {
      v: 1,
      wave,
      mergedAt: mergedAt.toISOString(),
      soakSince: mergedAt.toISOString(),
      baselineFrom: new Date(from - 3_600_000).toISOString(),
      evaluatedAt: new Date(from + 5 * 60_000).toISOString(),
      intervalMs: 60_000,
      clusters: [
        { cluster: 'test-1', verdict: 'pass', reasons: [] },
        { cluster: 'test-2', verdict: 'pass', reasons: [] },
      ],
      charts: ['test-1', 'test-2'].map((c, i) => chartOf(c, shape, from, from + 5 * 60_000, i)),
    };
  };
  return { charts, evaluations: () => evaluations };
}
