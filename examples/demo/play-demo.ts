import type { RolloutState } from '../../src/rollout/model.ts';
import { DEMO_REQUEST, readFleetFiles } from './demo-repo.ts';
import { block, renderTimeline } from './print-timeline.ts';
import { createSimulatedWorld, type SimulatedWorld } from './simulated-world.ts';

/** Tuesday 09:30 in Berlin: inside the example fleet's promotion windows. */
export const DEMO_START = new Date('2026-03-03T08:30:00Z');
export const BATCHES = ['test', 'dev-wave-1', 'staging'] as const;
/** The regression: dropped log entries (promtail's error signal) ×5 on one staging cluster. */
export const REGRESSION = { batch: 'staging', cluster: 'stg-euw1', metric: 'dropped-entries', factor: 5 };
export const LABEL =
  '*** SIMULATION — in-process fakes of a forge, clusters and Datadog; nothing real was touched ***';

const PERSON = 'mhoffmann';
const INTRO = [
  `GUARD demo: promtail 6.15.3 → 6.16.0 over ${BATCHES.join(' → ')} on the examples/fleet repository.`,
  'The GUARD engine, prechecks and soak judge are the real ones; the forge, the state store, the',
  "clusters (Flux applies a merge at once) and Datadog's series are in-process simulations. Times are",
  `simulated (a cron tick a minute, soaks scaled to 10m), starting ${DEMO_START.toISOString()}.`,
  `${PERSON} plays the platform engineer: merges each wave MR when guard/precheck passes.`,
];
const VERSION = '6.16.0';
const waveBranch = (batch: string) => `guard/promtail/${VERSION}/${batch}`;
const rollbackBranch = (batch: string) => `guard/rollback/promtail/${VERSION}/${batch}`;

export interface DemoResult {
  world: SimulatedWorld;
  state: RolloutState | undefined;
  /** Simulated minutes from the request to the end. */
  minutes: number;
}

export interface DemoOptions {
  /** Where each output line goes (default: stdout). */
  print?: (line: string) => void;
  /** Milliseconds, for the wall time the footer reports (default: `performance.now`). */
  wallClock?: () => number;
  /** The fleet repository before the request (default: examples/fleet as on disk). */
  files?: Record<string, string>;
}

/**
 * A complete GUARD rollout against simulations: a person commits the request, merges each wave MR
 * once its prechecks pass, the real soak judge passes two waves and fails the third on an injected
 * regression, GUARD opens the rollback MR by itself, the person asks `/guard status` on the
 * dashboard and merges the rollback. Prints everything a forge user would read, in order; rejects
 * (after printing) when the story does not go as scripted.
 */
export async function playDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const { print = console.log, wallClock = () => performance.now() } = options;
  const started = wallClock();
  const world = createSimulatedWorld({
    files: options.files ?? readFleetFiles(),
    serviceName: 'promtail',
    service: {
      namespace: 'logging',
      release: 'promtail',
      daemonset: 'promtail',
      fileOf: (c) => `clusters/${c}/logging/promtail.yaml`,
    },
    start: DEMO_START,
  });
  // A story that goes off script still prints what happened up to there, then the reason.
  const failure = await playStory(world).then(
    () => undefined,
    (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
  );
  const state = await world.state();
  const minutes = Math.round((world.now().getTime() - DEMO_START.getTime()) / 60_000);
  const seconds = (wallClock() - started) / 1000;
  printAll(world, state, print);
  if (failure) print(`The demo stopped early: ${failure.message}`);
  print(`Simulated ${minutes} minutes in ${seconds.toFixed(1)} s of wall time.`);
  print(LABEL);
  if (failure) throw failure;
  return { world, state, minutes };
}

async function playStory(world: SimulatedWorld): Promise<void> {
  world.fake.setPermission(PERSON, 'write');
  world.chapter('1. The platform team commits the request; GUARD validates it and opens the first wave MR');
  await world.commit(PERSON, 'Upgrade promtail to 6.16.0 in three waves', {
    'guard/upgrade.yaml': DEMO_REQUEST,
  });
  for (const [i, batch] of BATCHES.entries()) {
    world.chapter(`${i + 2}. Wave ${i + 1}/${BATCHES.length} (${batch}): ${waveStory(batch)}`);
    await mergeWhenPrechecksPass(world, batch);
    const next = BATCHES[i + 1];
    await world.tickUntil(
      async () =>
        Boolean(next && world.mrOf(waveBranch(next))) ||
        Boolean(world.mrOf(rollbackBranch(batch))) ||
        ['completed', 'failed'].includes((await world.state())?.phase ?? ''),
      60,
    );
    if (world.mrOf(rollbackBranch(batch))) return rollBack(world, batch);
  }
}

function waveStory(batch: string): string {
  return batch === REGRESSION.batch
    ? 'merged with a regression injected; the soak fails and GUARD opens the rollback MR'
    : 'merged once prechecks pass; GUARD soaks it, then opens the next wave MR';
}

async function mergeWhenPrechecksPass(world: SimulatedWorld, batch: string): Promise<void> {
  const branch = waveBranch(batch);
  const ready = await world.tickUntil(() => {
    const mr = world.mrOf(branch);
    return mr?.state === 'open' && world.fake.check(mr.headSha, 'guard/precheck')?.state === 'success';
  }, 30);
  if (!ready) throw new Error(`the ${batch} wave MR did not open with passing prechecks; see the timeline`);
  if (batch === BATCHES[0])
    world.note(
      'from here the cron ticks once a simulated minute; each tick GUARD reconciles and judges the soak',
    );
  if (batch === REGRESSION.batch) {
    const { cluster, metric, factor } = REGRESSION;
    world.injectRegression({ cluster, metric, factor });
  }
  await world.merge(PERSON, world.mrOf(branch)!);
}

async function rollBack(world: SimulatedWorld, batch: string): Promise<void> {
  world.chapter(
    `${BATCHES.length + 2}. On call: /guard status on the dashboard, then merging the rollback MR`,
  );
  const dashboard = world.fake.issues()[0];
  if (dashboard) await world.comment(PERSON, { kind: 'issue', number: dashboard.number }, '/guard status');
  await world.tick();
  await world.merge(PERSON, world.mrOf(rollbackBranch(batch))!);
  await world.tickUntil(async () => (await world.state())?.phase === 'rolled-back', 10);
}

function printAll(world: SimulatedWorld, state: RolloutState | undefined, print: (line: string) => void) {
  print(LABEL);
  for (const line of INTRO) print(line);
  for (const line of renderTimeline(world.timeline.entries, DEMO_START)) print(line);
  print('');
  print('═'.repeat(100));
  print(`  ${BATCHES.length + 3}. The dashboard issue at the end`);
  print('═'.repeat(100));
  if (world.fake.issues().length === 0) print('(GUARD opened no dashboard issue)');
  for (const issue of world.fake.issues()) {
    print(`issue #${issue.number} · ${issue.open ? 'open' : 'closed'} · labels ${issue.labels.join(', ')}`);
    for (const line of block(issue.title, issue.body)) print(line);
  }
  print('');
  const waves = state?.waves.map((w) => `${w.batch} ${w.phase}`).join(', ');
  print(state ? `Rollout: ${state.phase}; waves: ${waves}` : 'Rollout: GUARD recorded no rollout');
  const problems = world.logs.filter((r) => r.level === 'error' || r.level === 'warn');
  print(`Engine log: ${world.logs.length} records, ${problems.length} warnings or errors`);
  for (const p of problems) print(`  ${p.level}: ${p.message} ${JSON.stringify(p.fields)}`);
}
