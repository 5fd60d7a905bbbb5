import { serviceProviders } from '../../../providers/services/api.ts';
import { ANALYSIS_PREFIX, type AnalysisRecord } from '../../../src/analysis/analysis-record.ts';
import {
  type AnalysisRequest,
  createFailureAnalysis,
  type FailureAnalysisOptions,
} from '../../../src/analysis/failure-analysis.ts';
import { ANALYSIS_MARKER } from '../../../src/analysis/render-analysis.ts';
import type { Logger } from '../../../src/engine/logger.ts';
import type { WaveChecks } from '../../../src/rollout/wave-checks.ts';
import { event } from '../../contract/clusters/objects.ts';
import { createFakeAnalyst } from '../../fakes/analyst.ts';
import { createFakeClusters } from '../../fakes/clusters.ts';
import { createFakeForge, type FakeForge } from '../../fakes/forge.ts';
import { createMemoryStore } from '../../fakes/memory-store.ts';
import { fleetYaml, KEY, releaseYaml, requestYaml } from '../../scenarios/world.ts';
import { LEAKED, sampleEvidence } from './sample-evidence.ts';

export const T0 = Date.parse('2026-03-02T11:06:00Z');

const noChecks = {} as WaveChecks;

/** promtail's pods on dev-2 crash-looping since the merge, one message quoting a token. */
function devTwoEvents() {
  const pod = ['Pod', 'promtail-x8k2p'] as [string, string];
  return [
    event(
      'logging',
      pod,
      'Warning',
      'BackOff',
      'Back-off restarting failed container promtail',
      '2026-03-02T11:04:00Z',
      { count: 12 },
    ),
    event(
      'logging',
      pod,
      'Warning',
      'Failed',
      `Error: loki push failed: token=${LEAKED}`,
      '2026-03-02T11:03:00Z',
    ),
    event('logging', pod, 'Normal', 'Pulled', 'Container image already present', '2026-03-02T10:30:00Z'),
  ];
}

/**
 * The analysis queue over a memory store, the fake forge holding the fleet repository, fake
 * clusters (dev-2 with events), and a fake model; time moves only when the test says.
 */
export async function analysisKit(options: Partial<FailureAnalysisOptions> = {}) {
  let now = T0;
  const store = createMemoryStore(() => now);
  const files: Record<string, string> = {
    'guard/fleet.yaml': fleetYaml(),
    'guard/upgrade.yaml': requestYaml(),
  };
  for (const c of ['dev-1', 'dev-2']) files[`clusters/${c}/promtail.yaml`] = releaseYaml(c, '6.16.0');
  const forge = createFakeForge({ files });
  const rollbackMr = await openRollbackMr(forge);
  const clusters = createFakeClusters({
    clusters: { 'dev-1': { objects: [] }, 'dev-2': { objects: devTwoEvents() } },
  });
  const model = createFakeAnalyst('Hypothesis: promtail 6.16.0 cannot push to Loki.');
  const outcomes: string[] = [];
  const logs: { level: string; message: string; fields: Record<string, unknown> }[] = [];
  const log: Logger = {
    debug: () => {},
    info: (fields, message) =>
      logs.push({ level: 'info', message, fields: fields as Record<string, unknown> }),
    warn: (fields, message) =>
      logs.push({ level: 'warn', message, fields: fields as Record<string, unknown> }),
    error: (fields, message) =>
      logs.push({ level: 'error', message, fields: fields as Record<string, unknown> }),
    child: () => log,
  };
  const make = (owner = 'replica-1') =>
    createFailureAnalysis({
      store,
      analyst: model.analyst,
      forgeFor: async () => forge.forge,
      portsFor: () => ({ clusters, checks: noChecks }),
      providers: { lookup: (id) => serviceProviders.get(id), ids: [...serviceProviders.keys()] },
      clock: () => new Date(now),
      log,
      owner,
      // Delayed retries never fire on their own: the test moves time and sweeps, as the tick does.
      timers: { setTimeout: () => 0, clearTimeout: () => {} },
      onOutcome: (outcome) => outcomes.push(outcome),
      ...options,
    });
  const request: AnalysisRequest = {
    rollout: KEY,
    id: 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6',
    mr: rollbackMr,
    // As the outbox stores it: where the workloads run is read from fleet.yaml when the analysis runs.
    evidence: sampleEvidence({ workloads: { names: [] } }),
  };
  const analysis = make();
  return {
    store,
    forge,
    clusters,
    model,
    outcomes,
    logs,
    make,
    analysis,
    request,
    rollbackMr,
    advance(ms: number) {
      now += ms;
    },
    records: () => store.list(ANALYSIS_PREFIX),
    async record(): Promise<AnalysisRecord | undefined> {
      const [key] = await store.list(ANALYSIS_PREFIX);
      return key ? ((await store.get(key))?.value as AnalysisRecord) : undefined;
    },
    /** GUARD's analysis comments on the rollback MR. */
    comments: () =>
      forge
        .comments({ kind: 'mr', number: rollbackMr.number })
        .filter((c) => c.body.includes(ANALYSIS_MARKER)),
    async run(a = analysis) {
      await a.accept(request);
      await a.idle();
    },
  };
}

/** The rollback MR of wave dev, as GUARD opens it. */
async function openRollbackMr(forge: FakeForge): Promise<{ number: number; url: string }> {
  const branch = 'guard/rollback/promtail/6.16.0/dev';
  const head = await forge.forge.defaultBranch();
  await forge.forge.ensureBranchCommit({
    branch,
    base: head.sha,
    message: 'guard: roll back promtail 6.16.0 on dev',
    changes: [{ path: 'clusters/dev-2/promtail.yaml', content: releaseYaml('dev-2', '6.15.0') }],
    reset: false,
  });
  const mr = await forge.forge.ensureMergeRequest({
    branch,
    target: head.name,
    title: 'guard: roll back promtail 6.16.0 on dev',
    body: 'GUARD rolls promtail back.',
    labels: ['guard', 'guard/rollback'],
  });
  return { number: mr.number, url: mr.url };
}
