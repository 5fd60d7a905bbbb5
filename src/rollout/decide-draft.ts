import { parseDuration } from '../../config/common.ts';
import type { UpgradeRequest } from '../../config/upgrade.ts';
import type { MergeRequest } from '../ports/forge.ts';
import { jsonEqual } from './json-equal.ts';
import type { Action, Decision, MrRef, Observed, RolloutState, WaveState } from './model.ts';

/** The model's wave and rollout, under the names decide's files use. */
export type DecideWave = WaveState;
export type DecideState = RolloutState;

/** The request's settings decide needs, with the schema's defaults. */
export interface RolloutSettings {
  intervalMs: number;
  failAfter: number;
  rolloutTimeout: string;
  rolloutTimeoutMs: number;
  onNoData: 'extend' | 'pass' | 'fail';
  maxFailedClusters: number;
  rollbackMode: 'automatic' | 'manual';
  autoMerge: boolean;
}

/** One decision under construction: a private copy of the state plus what it asks for. */
export interface Draft {
  state: DecideState;
  readonly observed: Observed;
  readonly settings: RolloutSettings;
  /** `now` in ms, and as the ISO text stored in the state. */
  readonly now: number;
  readonly at: string;
  readonly actions: Action[];
  readonly audit: Decision['audit'];
  requeueAfterMs?: number;
}

/** `state.reason` of a rollout stopped because its request was removed: it ended for good. */
export const REQUEST_REMOVED = 'request removed from guard/upgrade.yaml';

const HANDLED_KEPT = 200;

export function createDraft(state: DecideState, observed: Observed, now: Date): Draft {
  const settings = settingsOf(observed.request?.request);
  return { state, observed, settings, now: now.getTime(), at: now.toISOString(), actions: [], audit: [] };
}

export function settingsOf(request: UpgradeRequest | undefined): RolloutSettings {
  const soak = request?.soak ?? { duration: '1h', interval: '1m', failAfter: 3 };
  const rollback = request?.rollback ?? 'automatic';
  const rolloutTimeout = request?.rolloutTimeout ?? '30m';
  return {
    intervalMs: parseDuration(soak.interval) ?? 60_000,
    failAfter: soak.failAfter,
    rolloutTimeout,
    rolloutTimeoutMs: parseDuration(rolloutTimeout) ?? 1_800_000,
    onNoData: request?.onNoData ?? 'extend',
    maxFailedClusters: request?.maxFailedClusters ?? 0,
    rollbackMode: typeof rollback === 'string' ? rollback : rollback.mode,
    autoMerge: typeof rollback === 'string' ? false : rollback.autoMerge,
  };
}

/** Adds an action unless the same one is already asked for in this decision. */
export function act(d: Draft, action: Action): void {
  if (!d.actions.some((a) => sameJson(a, action))) d.actions.push(action);
}

export function note(d: Draft, action: string, reason: string, actor = 'guard'): void {
  d.audit.push({ actor, action, reason });
}

/** Asks to be reconciled again within `ms` (the earliest of all such requests wins). */
export function requeueIn(d: Draft, ms: number): void {
  const wait = Math.max(1000, Math.ceil(ms));
  d.requeueAfterMs = d.requeueAfterMs === undefined ? wait : Math.min(d.requeueAfterMs, wait);
}

/** The MR the forge shows for `branch`, unless it belongs to an earlier attempt. */
export function observedMr(d: Draft, branch: string): MergeRequest | undefined {
  const mr = d.observed.mrs[branch];
  return mr && !d.state.staleMrs?.includes(mr.number) ? mr : undefined;
}

export function mrRef(mr: MergeRequest): MrRef {
  return { number: mr.number, url: mr.url, branch: mr.branch };
}

/** The wave the rollout is at: the first one that has not passed. */
export function currentWave(state: DecideState): DecideWave | undefined {
  return state.waves.find((w) => w.phase !== 'passed');
}

export function waveName(state: DecideState, wave: WaveState): string {
  return `wave ${wave.index}/${state.waves.length} (${wave.batch})`;
}

/** Ended for good: only a changed (or re-added) request starts anything again. */
export function rolloutEnded(state: DecideState): boolean {
  return (
    state.phase === 'completed' ||
    state.phase === 'rolled-back' ||
    state.phase === 'superseded' ||
    isRemoved(state)
  );
}

export function isRemoved(state: DecideState): boolean {
  return state.phase === 'stopped' && state.reason === REQUEST_REMOVED;
}

/** Stops a rollout that a reopened MR can resume. */
export function stop(d: Draft, reason: string, detail: string): void {
  d.state.phase = 'stopped';
  d.state.reason = reason;
  note(d, 'rollout.stopped', detail);
}

/** Resumes a stopped rollout into the phase it would have without the stop. */
export function resume(d: Draft, detail: string): void {
  const failed = d.state.waves.some((w) => w.phase === 'failed' || w.phase === 'rolling-back');
  d.state.phase = failed ? 'failed' : d.state.pausedAt ? 'paused' : 'active';
  d.state.reason = detail;
  note(d, 'rollout.resumed', detail);
}

export function rememberCommand(state: DecideState, id: string): void {
  state.handledCommands = [...(state.handledCommands ?? []), id].slice(-HANDLED_KEPT);
}

/** What the dashboard shows: it is rewritten only when this changes, not on every soak tick. */
export function dashboardView(state: DecideState): unknown {
  return {
    version: state.version,
    phase: state.phase,
    reason: state.reason,
    pausedAt: state.pausedAt,
    waves: state.waves.map((w) => ({
      phase: w.phase,
      mr: w.mr,
      rollback: w.rollback,
      failure: w.failure,
      skipSoak: w.skipSoak,
      extended: w.soak?.extended,
      held: w.soak?.held,
      waiting: w.waitingForWindow,
      queued: w.rollbackRequested,
    })),
  };
}

/** Deep equality of JSON-like values, independent of key order. */
export function sameJson(a: unknown, b: unknown): boolean {
  return jsonEqual(a, b);
}
