// Engine figures: decide alone, and a whole cron tick (reconcile) over N active rollouts with fakes
// (in-memory forge per repository, in-memory store, instant GitOps, a soak judge that passes).
import { loadavg } from 'node:os';
import { parseCommand } from '../../handlers/commands/parse-command.ts';
import { serviceProviders } from '../../providers/services/api.ts';
import { createEngine } from '../../src/engine/engine.ts';
import { silentLogger } from '../../src/engine/logger.ts';
import { loadDoc } from '../../src/engine/rollout-doc.ts';
import type { Clusters } from '../../src/ports/clusters.ts';
import { decide } from '../../src/rollout/decide.ts';
import type { Observed, RolloutState } from '../../src/rollout/model.ts';
import type { WaveChecks } from '../../src/rollout/wave-checks.ts';
import { createFakeForge, type FakeForge } from '../fakes/forge.ts';
import { createMemoryStore } from '../fakes/memory-store.ts';
import { fleetYaml, releaseYaml, requestYaml, START } from '../scenarios/world.ts';

const ROLLOUTS = Number(process.env.BENCH_ROLLOUTS ?? 1000);
const CLUSTERS = ['test-1', 'test-2', 'dev-1', 'dev-2', 'prod-1', 'prod-2'];

let now = new Date(START);
const forges = new Map<string, FakeForge>();
const deployed = new Map<string, string>();
for (let i = 0; i < ROLLOUTS; i++) {
  const files: Record<string, string> = {
    'guard/fleet.yaml': fleetYaml(),
    'guard/upgrade.yaml': requestYaml(),
  };
  for (const c of CLUSTERS) files[`clusters/${c}/promtail.yaml`] = releaseYaml(c, '6.15.0');
  const forge = createFakeForge({ files });
  forge.onMerge((_mr, changed) => {
    for (const [path, text] of changed)
      deployed.set(`${i}:${path.split('/')[1]}`, /version: '([^']+)'/.exec(text)![1]!);
  });
  forges.set(`acme/fleet-${i}`, forge);
}
const checks: WaveChecks = {
  prechecks: async (_input) => ({
    passed: true,
    title: 'ok',
    markdown: '<!-- guard:precheck -->\nok',
    rows: [],
  }),
  soak: async (input) => ({
    verdicts: Object.fromEntries(input.clusters.map((c) => [c.name, 'pass' as const])),
    title: 'healthy',
    markdown: 'healthy',
  }),
};
const clustersFor = (project: string): Clusters => ({
  apiStatus: async () => ({ ready: true }),
  notReadyNodes: async () => [],
  workloads: async () => [],
  applied: async (cluster, _r, version) =>
    deployed.get(`${project.split('-')[1]}:${cluster}`) === version
      ? { state: 'applied' }
      : { state: 'pending', reason: '' },
  list: async () => [],
  restart: async () => {},
  events: async () => [],
});
const store = createMemoryStore(() => now.getTime());
let lastProject = '';
const makeEngine = () =>
  createEngine({
    store,
    forgeFor: async ({ project }) => {
      lastProject = project;
      return forges.get(project)!.forge;
    },
    portsFor: () => ({ clusters: clustersFor(lastProject), checks }),
    providers: { lookup: (id) => serviceProviders.get(id), ids: [...serviceProviders.keys()] },
    clock: () => now,
    log: silentLogger,
    owner: 'bench',
    parseCommand,
    concurrency: 1, // portsFor above is per call; one at a time keeps `lastProject` right
    timers: { setTimeout: () => 0, clearTimeout: () => {} },
  });
const engine = makeEngine();

const t0 = performance.now();
for (const project of forges.keys()) await engine.reconcileNow(`github:${project}:promtail`);
for (const [project, forge] of forges) {
  const mr = forge.mergeRequests()[0]!;
  forge.merge(mr.number, now);
  await engine.reconcileNow(`github:${project}:promtail`);
}
const setupMs = performance.now() - t0;
const soaking = (
  await Promise.all(
    [...forges.keys()].map(async (p) => (await loadDoc(store, `github:${p}:promtail`)).doc?.state),
  )
).filter((s) => s?.waves[0]?.phase === 'soaking').length;
console.log(
  `${ROLLOUTS} rollouts started, wave 1 merged and soaking: ${soaking} (set-up ${(setupMs / 1000).toFixed(1)} s)`,
);

/** Port calls since the last reset, by verb (the fake logs one request per try; nothing fails here). */
function byKind(): string {
  const counts = new Map<string, number>();
  for (const f of forges.values())
    for (const r of f.requests()) counts.set(r.url, (counts.get(r.url) ?? 0) + 1);
  return [...counts].map(([verb, n]) => `${verb.replace('fake-forge:', '')} ${n}`).join(', ') || 'none';
}

interface TickFigures {
  wall: number;
  forgeCalls: number;
}

/** One cron tick of `on` a minute later, with its figures printed. */
async function measureTick(label: string, on: typeof engine): Promise<TickFigures> {
  now = new Date(now.getTime() + 60_000);
  const calls = [...forges.values()].reduce((n, f) => n + f.calls(), 0);
  for (const f of forges.values()) f.resetRequests();
  const ops = await store.ops();
  const cpu = process.cpuUsage();
  const start = performance.now();
  await on.tick();
  await on.idle();
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const forgeCalls = [...forges.values()].reduce((n, f) => n + f.calls(), 0) - calls;
  console.log(
    `${label} (soak evaluation due on every rollout): wall ${wall.toFixed(0)} ms, CPU ${((used.user + used.system) / 1000).toFixed(0)} ms ` +
      `(${((used.user + used.system) / 1000 / ROLLOUTS).toFixed(2)} ms per rollout), forge calls ${forgeCalls}, store ops ${(await store.ops()) - ops}`,
  );
  console.log(`  forge calls by kind: ${byKind()}`);
  return { wall, forgeCalls };
}

const ticks: TickFigures[] = [];
for (let tick = 1; tick <= 3; tick++) ticks.push(await measureTick(`tick ${tick}`, engine));
// A restart: a new engine on the same store, its memory empty; the guard files at each head are
// in the store (durable-reads.ts), so it asks the forge for the heads alone.
const restarted = makeEngine();
const cold = await measureTick('first tick after a restart', restarted);
await restarted.stop();

const first = ticks[0]!;
const later = ticks.slice(1).reduce((a, b) => (b.wall > a.wall ? b : a));
console.log(
  `engine tick, ${ROLLOUTS} rollouts soaking: wall ${first.wall.toFixed(0)} ms first, ${later.wall.toFixed(0)} ms later ` +
    `(target < 500 ms); forge calls ${first.forgeCalls} on the first tick, ${later.forgeCalls} on a later one, ` +
    `${cold.forgeCalls} after a restart (target ≤ ${ROLLOUTS}, the rollouts)`,
);
console.log(
  `  load average ${loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')} (figures from a shared machine vary with it)`,
);

// decide alone, on the stored soaking states, with a due evaluation.
const states = (
  await Promise.all(
    [...forges.keys()].map(async (p) => (await loadDoc(store, `github:${p}:promtail`)).doc!.state),
  )
).filter(Boolean) as RolloutState[];
const sample = await loadDoc(store, `github:acme/fleet-0:promtail`);
const request = (await import('../../src/load/load-requests.ts')).loadRequests({
  text: requestYaml(),
  fleet: undefined,
  providers: (id) => serviceProviders.get(id),
}).requests[0]!.request;
const decideAt = new Date(now.getTime() + 60_000);
const observed: Observed = {
  request: { request, digest: sample.doc!.state.digest },
  mrs: {},
  window: { open: true },
  commands: [],
  verdicts: { 'test-1': 'pass', 'test-2': 'pass' },
};
const rounds = 5;
const start = performance.now();
for (let r = 0; r < rounds; r++)
  for (const s of states) decide(s, observed, decideAt, { key: s.key, service: s.service });
const perDecide = (performance.now() - start) / (rounds * states.length);
console.log(
  `decide alone: ${(perDecide * 1000).toFixed(1)} µs per rollout, ${(perDecide * states.length) | 0} ms for ${states.length}`,
);
await engine.stop();
