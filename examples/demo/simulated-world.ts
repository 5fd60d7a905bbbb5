import { parseCommand } from '../../handlers/commands/parse-command.ts';
import { serviceProviders } from '../../providers/services/api.ts';
import { createEngine } from '../../src/engine/engine.ts';
import type { ForgeEvent } from '../../src/engine/events.ts';
import { loadDoc } from '../../src/engine/rollout-doc.ts';
import type { MergeRequest, Thread } from '../../src/ports/forge.ts';
import type { RolloutState } from '../../src/rollout/model.ts';
import { createFakeForge } from '../../test/fakes/forge.ts';
import { createMemoryStore } from '../../test/fakes/memory-store.ts';
import { createCollectingLogger } from './collecting-logger.ts';
import { demoEvents, SOURCE } from './demo-events.ts';
import { createDemoPortsFor } from './demo-ports.ts';
import { createRecordingForge } from './recording-forge.ts';
import { createSimulatedClusters, type SimulatedService } from './simulated-clusters.ts';
import type { Regression } from './simulated-metrics.ts';
import { createTimeline } from './timeline.ts';

const MINUTE = 60_000;

export interface WorldOptions {
  /** The fleet repository's files (path → text), as committed before the demo starts. */
  files: Record<string, string>;
  /** The service the demo upgrades, and where it runs. */
  serviceName: string;
  service: SimulatedService;
  start: Date;
}

/**
 * The real GUARD engine, prechecks and soak judge, with fakes only at the edges: an in-memory
 * forge (recorded into the timeline), memory state, clusters that apply what the default branch
 * says the moment an MR merges, and Datadog series generated per minute. Time is simulated: the
 * cron tick is called by hand, a minute of clock per tick.
 */
export function createSimulatedWorld(options: WorldOptions) {
  let now = new Date(options.start);
  const clock = () => now;
  const timeline = createTimeline(clock);
  const fake = createFakeForge({ files: options.files });
  const forge = createRecordingForge(fake.forge, timeline);
  const regressions: Regression[] = [];
  const clusterNames = [
    ...new Set(Object.keys(options.files).flatMap((p) => /^clusters\/([^/]+)\//.exec(p)?.[1] ?? [])),
  ];
  const sim = createSimulatedClusters({
    clusters: clusterNames,
    service: options.service,
    read: (path) => fake.file('main', path),
    now: clock,
  });
  fake.onMerge(() => {
    for (const { cluster, from, to } of sim.syncFromGit())
      timeline.add({
        kind: 'world',
        text: `${cluster}: Flux applied ${options.serviceName} ${from} → ${to}`,
      });
  });
  const log = createCollectingLogger();
  const store = createMemoryStore(() => now.getTime());
  const engine = createEngine({
    store,
    forgeFor: async () => forge,
    portsFor: createDemoPortsFor({
      clusters: sim.clusters,
      serviceName: options.serviceName,
      regressions,
      log: log.logger,
    }),
    providers: { lookup: (id) => serviceProviders.get(id), ids: [...serviceProviders.keys()] },
    clock,
    log: log.logger,
    owner: 'guard-demo',
    parseCommand,
    // The demo moves the clock itself and ticks; requeues wait for the next tick.
    timers: { setTimeout: () => 0, clearTimeout: () => {} },
  });
  let deliveries = 0;
  const deliver = async (event: ForgeEvent) => {
    await engine.sink.deliver({ id: `demo-${++deliveries}`, event });
    await engine.idle();
  };
  const key = `${SOURCE.forge}:${SOURCE.project}:${options.serviceName}`;

  return {
    fake,
    /** The simulated clusters (their `spec` shows the version each runs). */
    clusters: sim.clusters,
    timeline,
    logs: log.records,
    now: clock,
    chapter: (title: string) => timeline.add({ kind: 'chapter', title }),
    note: (text: string) => timeline.add({ kind: 'world', text }),
    /** One cron tick, a minute after the previous one. */
    async tick() {
      now = new Date(now.getTime() + MINUTE);
      await engine.tick();
      await engine.idle();
    },
    /** Ticks until `done` holds, at most `minutes` times; returns whether it came to hold. */
    async tickUntil(done: () => boolean | Promise<boolean>, minutes: number): Promise<boolean> {
      for (let i = 0; i < minutes; i++) {
        if (await done()) return true;
        await this.tick();
      }
      return done();
    },
    /** A person commits `files` to the default branch; the push webhook arrives. */
    async commit(who: string, message: string, files: Record<string, string>) {
      const sha = fake.push(files, message);
      for (const [path, text] of Object.entries(files))
        timeline.add({ kind: 'person', who, text: `committed ${path} to main: "${message}"`, body: text });
      await deliver(demoEvents.push(sha, Object.keys(files)));
    },
    /** A person merges an open MR; clusters apply it at once; the merge webhook arrives. */
    async merge(who: string, mr: MergeRequest) {
      timeline.add({ kind: 'person', who, text: `merged !${mr.number} (${mr.title})` });
      fake.merge(mr.number, now);
      await deliver(demoEvents.merged(fake.mergeRequests().find((m) => m.number === mr.number)!));
    },
    /** A person comments on an MR or the dashboard issue; the comment webhook arrives. */
    async comment(who: string, on: Thread, body: string) {
      timeline.add({
        kind: 'person',
        who,
        text: `commented on ${on.kind === 'mr' ? '!' : '#'}${on.number}`,
        body,
      });
      const commentId = fake.comment(on, body, who);
      const issueBody =
        on.kind === 'issue' ? fake.issues().find((i) => i.number === on.number)?.body : undefined;
      await deliver(
        demoEvents.comment({ on, commentId, body, author: who, ...(issueBody ? { issueBody } : {}) }),
      );
    },
    /** From now on, `metric` of `cluster` runs at `factor` times its level. */
    injectRegression(regression: Omit<Regression, 'since'>) {
      regressions.push({ ...regression, since: new Date(now) });
      timeline.add({
        kind: 'world',
        text: `INJECTED REGRESSION: from now on ${regression.cluster} reports ${regression.factor}× its usual ${regression.metric}`,
      });
    },
    mrOf: (branch: string) => fake.mergeRequests().find((m) => m.branch === branch),
    async state(): Promise<RolloutState | undefined> {
      return (await loadDoc(store, key)).doc?.state;
    },
  };
}

export type SimulatedWorld = ReturnType<typeof createSimulatedWorld>;
