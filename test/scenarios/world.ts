import { parseCommand } from '../../handlers/commands/parse-command.ts';
import { serviceProviders } from '../../providers/services/api.ts';
import { type AnalysisLimits, createFailureAnalysis } from '../../src/analysis/failure-analysis.ts';
import { createEngine, type Engine } from '../../src/engine/engine.ts';
import type { ForgeEvent } from '../../src/engine/events.ts';
import type { Logger } from '../../src/engine/logger.ts';
import { createNotifier } from '../../src/engine/notifier.ts';
import { loadDoc, readTrail } from '../../src/engine/rollout-doc.ts';
import type { Timers } from '../../src/engine/work-queue.ts';
import type { Analyst } from '../../src/ports/analyst.ts';
import type { Announcer } from '../../src/ports/announcer.ts';
import type { ClusterEvent, Clusters, EventQuery } from '../../src/ports/clusters.ts';
import type { ServiceProvider } from '../../src/ports/service-provider.ts';
import type { StateStore } from '../../src/ports/state-store.ts';
import type { RolloutState } from '../../src/rollout/model.ts';
import type { WaveChecks } from '../../src/rollout/wave-checks.ts';
import { CrashError, createFakeForge, type FakeForge } from '../fakes/forge.ts';
import { createMemoryStore } from '../fakes/memory-store.ts';

export const KEY = 'github:acme/fleet:promtail';
export const START = new Date('2026-03-02T10:00:00Z'); // a Monday

const CLUSTERS = [
  ['test-1', 'test', 'test'],
  ['test-2', 'test', 'test'],
  ['dev-1', 'dev', 'dev'],
  ['dev-2', 'dev', 'dev'],
  ['prod-1', 'prod', 'prod'],
  ['prod-2', 'prod', 'prod'],
] as const;

export function fleetYaml(extra = ''): string {
  const clusters = CLUSTERS.map(
    ([name, batch, env]) =>
      `  - { name: ${name}, batch: ${batch}, environment: ${env}, kubeconfig: { context: ${name} } }`,
  ).join('\n');
  return `apiVersion: guard/v1
kind: Fleet
batches: [test, dev, prod]
clusters:
${clusters}
services:
  promtail:
    provider: helm
    chart: promtail
    namespace: logging
    workloads: [daemonset/promtail]
    files: ["clusters/{cluster}/promtail.yaml"]
${extra}`;
}

export function requestYaml(version = '6.16.0', extra = ''): string {
  return `apiVersion: guard/v1
kind: UpgradeRequest
service: promtail
version: ${version}
waves:
  - batch: test
    soak: 10m
  - batch: dev
  - batch: prod
soak: { duration: 20m, interval: 1m, failAfter: 3 }
${extra}`;
}

export function releaseYaml(cluster: string, version: string): string {
  return `# promtail for ${cluster}\r
apiVersion: helm.toolkit.fluxcd.io/v2\r
kind: HelmRelease\r
metadata:\r
  name: promtail\r
  namespace: logging\r
spec:\r
  chart:\r
    spec:\r
      chart: promtail\r
      version: '${version}'  # bumped by GUARD\r
      sourceRef: { kind: HelmRepository, name: grafana }\r
`;
}

export interface WorldOptions {
  store?: StateStore;
  forge?: FakeForge;
  owner?: string;
  withRequest?: boolean;
  /** Verdict for a cluster at a time (default: pass). */
  verdict?: (cluster: string, now: Date) => 'pass' | 'fail' | 'inconclusive';
  /** The engine's timers (default: none fire, scenarios tick and move time themselves). */
  timers?: Timers;
  /** The scenario clock's start (default START). */
  start?: Date;
  /** Appended to guard/fleet.yaml, e.g. a `metrics:` section. */
  fleetExtra?: string;
  /** A real soak judge instead of the scripted `verdict`. */
  soak?: WaveChecks['soak'];
  /** Service providers by id (default: the registry). */
  provider?: (id: string) => ServiceProvider | undefined;
  /** Notification sinks (none: GUARD announces nothing); a CrashError from one kills the process too. */
  announcers?: readonly Announcer[];
  /** A model for failure analysis (none: GUARD asks no model), and the analysis queue's limits. */
  analyst?: Analyst;
  analysisLimits?: Partial<AnalysisLimits>;
}

/**
 * A fleet repository on a fake forge, clusters that apply whatever the default branch says the
 * moment an MR merges (instant GitOps), a soak judge the test scripts, and the real engine.
 */
export function createWorld(options: WorldOptions = {}) {
  let now = new Date(options.start ?? START);
  const files: Record<string, string> = { 'guard/fleet.yaml': fleetYaml(options.fleetExtra) };
  for (const [name] of CLUSTERS) files[`clusters/${name}/promtail.yaml`] = releaseYaml(name, '6.15.0');
  if (options.withRequest !== false) files['guard/upgrade.yaml'] = requestYaml();
  const forge = options.forge ?? createFakeForge({ files });
  const rawStore = options.store ?? createMemoryStore(() => now.getTime());
  // After an injected crash the "process" is dead: nothing it still runs reaches the forge or the
  // store, as if it had stopped at the crash. A restart brings a new process.
  let dead = false;
  const store = mortal(
    rawStore,
    () => dead,
    () => {},
  );
  const liveForge = mortal(
    forge.forge,
    () => dead,
    () => {
      dead = true;
    },
  );
  const deployed = new Map<string, string>(CLUSTERS.map(([name]) => [name, '6.15.0']));
  let gitops = true;
  const syncFromGit = () => {
    for (const [name] of CLUSTERS) {
      const text = forge.file('main', `clusters/${name}/promtail.yaml`);
      const version = text && /version: '([^']+)'/.exec(text)?.[1];
      if (version) deployed.set(name, version);
    }
  };
  forge.onMerge(() => {
    if (gitops) syncFromGit();
  });
  const world = {
    verdict: options.verdict ?? ((_c: string, _n: Date) => 'pass' as const),
    precheckFails: new Set<string>(),
    soakCalls: 0,
    precheckCalls: 0,
    baselines: [] as unknown[],
    /** How often the engine asked for clusters/metrics (a plan preview must never). */
    portsAsked: 0,
    /** Kubernetes events each cluster answers for the service's workloads (newest first). */
    events: {} as Record<string, ClusterEvent[]>,
    eventQueries: [] as { cluster: string; query: EventQuery }[],
  };
  const checks: WaveChecks = {
    async prechecks(input) {
      world.precheckCalls += 1;
      const failing = input.clusters.map((c) => c.name).filter((c) => world.precheckFails.has(c));
      return {
        passed: failing.length === 0,
        title: failing.length
          ? `prechecks failed on ${failing.join(', ')}`
          : `prechecks passed: ${input.clusters.length} clusters`,
        markdown: `<!-- guard:precheck -->\n| cluster | api |\n|---|---|\n${input.clusters.map((c) => `| ${c.name} | ${failing.includes(c.name) ? '❌' : '✅'} |`).join('\n')}`,
        rows: [],
      };
    },
    async soak(input) {
      world.soakCalls += 1;
      if (options.soak) return options.soak(input);
      world.baselines.push(input.baseline);
      const verdicts = Object.fromEntries(
        input.clusters.map((c) => [c.name, world.verdict(c.name, input.now)]),
      );
      const failing = Object.entries(verdicts)
        .filter(([, v]) => v === 'fail')
        .map(([c]) => c);
      return {
        verdicts,
        title: failing.length ? `error ratio up on ${failing.join(', ')}` : 'healthy',
        markdown: failing.length
          ? `error ratio 4.1% vs baseline 0.2% on ${failing.join(', ')}`
          : 'all checks pass',
        baseline: input.baseline ?? { captured: input.now.toISOString() },
      };
    },
  };
  const clusters: Clusters = {
    apiStatus: async () => ({ ready: true, version: '1.29' }),
    notReadyNodes: async () => [],
    workloads: async () => [],
    applied: async (cluster, _release, version) =>
      deployed.get(cluster) === version
        ? { state: 'applied' }
        : { state: 'pending', reason: `runs ${deployed.get(cluster)}` },
    list: async () => [],
    restart: async () => {},
    events: async (cluster, query) => {
      world.eventQueries.push({ cluster, query });
      return (world.events[cluster] ?? []).filter((e) => Date.parse(e.at) >= query.since.getTime());
    },
  };
  const logs: { level: string; message: string; fields: object }[] = [];
  const logger = (bindings: object): Logger => ({
    debug: (fields, message) => logs.push({ level: 'debug', message, fields: { ...bindings, ...fields } }),
    info: (fields, message) => logs.push({ level: 'info', message, fields: { ...bindings, ...fields } }),
    warn: (fields, message) => logs.push({ level: 'warn', message, fields: { ...bindings, ...fields } }),
    error: (fields, message) => logs.push({ level: 'error', message, fields: { ...bindings, ...fields } }),
    child: (more) => logger({ ...bindings, ...more }),
  });
  const announcers = options.announcers?.map((sink): Announcer => {
    const die = mortal(
      { announce: sink.announce.bind(sink) },
      () => dead,
      () => {
        dead = true;
      },
    );
    return {
      id: sink.id,
      wants: (e) => sink.wants(e),
      usesMetrics: sink.usesMetrics ?? false,
      announce: die.announce,
    };
  });
  const timers = { setTimeout: () => 0, clearTimeout: () => {} };
  const notifierFor = (owner: string) =>
    announcers &&
    createNotifier({ store, announcers, clock: () => now, log: logger({ replica: owner }), owner, timers });
  const providers = {
    lookup: options.provider ?? ((id: string) => serviceProviders.get(id)),
    ids: [...serviceProviders.keys()],
  };
  const analysisFor = (owner: string, analyst: Analyst) =>
    createFailureAnalysis({
      store,
      analyst,
      forgeFor: async () => liveForge,
      portsFor: () => ({ clusters, checks }),
      providers,
      clock: () => now,
      log: logger({ replica: owner }),
      owner,
      timers,
      ...(options.analysisLimits ? { limits: options.analysisLimits } : {}),
    });
  const makeEngine = (owner = options.owner ?? 'replica-1'): Engine =>
    createEngine({
      ...(announcers ? { notifier: notifierFor(owner)! } : {}),
      ...(options.analyst ? { analysis: analysisFor(owner, options.analyst) } : {}),
      store,
      forgeFor: async () => liveForge,
      portsFor: () => {
        world.portsAsked += 1;
        return { clusters, checks };
      },
      providers,
      clock: () => now,
      log: logger({ replica: owner }),
      owner,
      parseCommand,
      // Scenarios move time themselves and tick; delayed requeues never fire on their own.
      timers: options.timers ?? { setTimeout: () => 0, clearTimeout: () => {} },
    });
  let engine = makeEngine();
  let deliveries = 0;

  return {
    forge,
    store,
    world,
    logs,
    deployed,
    get engine() {
      return engine;
    },
    isDead: () => dead,
    now: () => now,
    /** A new engine on the same store and forge: a restart, or a second replica. */
    restart(owner?: string) {
      dead = false;
      engine = makeEngine(owner);
      return engine;
    },
    makeEngine,
    advance(ms: number) {
      now = new Date(now.getTime() + ms);
    },
    setGitOps(on: boolean) {
      gitops = on;
      if (on) syncFromGit();
    },
    async deliver(event: ForgeEvent, id = `d-${++deliveries}`) {
      const answer = await engine.sink.deliver({ id, event });
      await engine.idle();
      return answer;
    },
    async tick() {
      await engine.tick();
      await engine.idle();
    },
    /** Ticks every `stepMs` for `totalMs`, as the cron would. */
    async soakFor(totalMs: number, stepMs = 60_000) {
      for (let t = 0; t < totalMs; t += stepMs) {
        now = new Date(now.getTime() + stepMs);
        await engine.tick();
        await engine.idle();
      }
    },
    async state(): Promise<RolloutState | undefined> {
      return (await loadDoc(store, KEY)).doc?.state;
    },
    trail: () => readTrail(store, KEY),
    push(changes: Record<string, string | undefined>) {
      const sha = forge.push(changes);
      const event: ForgeEvent = {
        kind: 'push',
        forge: 'github',
        project: 'acme/fleet',
        installationId: 1,
        branch: 'main',
        defaultBranch: true,
        after: sha,
        paths: Object.keys(changes),
      };
      return event;
    },
    mrEvent(number: number, action: 'opened' | 'closed' | 'merged' | 'reopened'): ForgeEvent {
      const mr = forge.mergeRequests().find((m) => m.number === number)!;
      return {
        kind: 'merge-request',
        forge: 'github',
        project: 'acme/fleet',
        installationId: 1,
        action,
        number,
        branch: mr.branch,
        target: 'main',
        headSha: mr.headSha,
        author: mr.author ?? 'guard[bot]',
        fromFork: false,
      };
    },
    commentEvent(on: { kind: 'mr' | 'issue'; number: number }, body: string, author: string): ForgeEvent {
      const commentId = forge.comment(on, body, author);
      const issueBody =
        on.kind === 'issue' ? forge.issues().find((i) => i.number === on.number)?.body : undefined;
      return {
        kind: 'comment',
        forge: 'github',
        project: 'acme/fleet',
        installationId: 1,
        on,
        commentId,
        body,
        author,
        authorIsBot: false,
        ...(issueBody ? { issueBody } : {}),
      };
    },
    /** The MR of a branch, as the forge shows it. */
    mrOf(branch: string) {
      return forge.mergeRequests().findLast((m) => m.branch === branch);
    },
  };
}

export type World = ReturnType<typeof createWorld>;

export const waveBranch = (batch: string, version = '6.16.0') => `guard/promtail/${version}/${batch}`;
export const rollbackBranch = (batch: string, version = '6.16.0') =>
  `guard/rollback/promtail/${version}/${batch}`;

/** Wraps every method of `target`: refused once `isDead()`, and a CrashError marks the process dead. */
function mortal<T extends object>(target: T, isDead: () => boolean, die: () => void): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        if (isDead()) throw new CrashError('the process is dead');
        try {
          return await value.apply(obj, args);
        } catch (error) {
          if (error instanceof CrashError) die();
          throw error;
        }
      };
    },
  });
}
