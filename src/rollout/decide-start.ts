import {
  act,
  createDraft,
  type DecideState,
  type Draft,
  note,
  REQUEST_REMOVED,
  rolloutEnded,
} from './decide-draft.ts';
import type { Observed } from './model.ts';

const STALE_KEPT = 100;

/**
 * A new attempt for the request in `observed`: the first one, one replacing a live attempt whose
 * request changed (supersede: its open MRs are closed, merged waves stay), or one after an attempt
 * that ended (completed, rolled back, request removed and added again).
 */
export function startAttempt(
  observed: Observed,
  now: Date,
  key: { key: string; service: string },
  prior?: DecideState,
): Draft {
  if (!observed.request || !observed.plan) {
    throw new Error('decide needs observed.plan with observed.request: plan the request before deciding');
  }
  const { request, digest } = observed.request;
  const at = now.toISOString();
  const state: DecideState = {
    key: key.key,
    service: key.service,
    version: request.version,
    digest,
    phase: 'active',
    reason: `guard/upgrade.yaml asks for ${key.service} ${request.version}`,
    waves: observed.plan.map((planned, i) => ({
      index: i + 1,
      batch: planned.batch,
      soakMs: planned.soakMs,
      phase: 'pending',
      branch: `guard/${key.service}/${request.version}/${planned.batch}`,
      clusters: structuredClone(planned.clusters),
    })),
    createdAt: at,
    updatedAt: at,
  };
  const live = prior !== undefined && !rolloutEnded(prior);
  if (prior) carryOver(state, prior, observed, live);
  const d = createDraft(state, observed, now);
  if (prior && live) supersede(d, prior);
  const batches = state.waves.map((w) => w.batch).join(', ');
  const after = prior
    ? `; replaces the ${live ? 'superseded' : prior.phase} attempt for ${prior.version}`
    : '';
  note(d, 'rollout.started', `${state.reason}: ${state.waves.length} waves (${batches})${after}`);
  return d;
}

/** What a new attempt keeps: handled commands, the MRs it must not adopt, a live attempt's dashboard. */
function carryOver(state: DecideState, prior: DecideState, observed: Observed, live: boolean): void {
  if (prior.handledCommands) state.handledCommands = [...prior.handledCommands];
  const stale = new Set(prior.staleMrs);
  for (const wave of prior.waves) {
    for (const n of [wave.mr?.number, wave.rollback?.mr?.number]) if (n !== undefined) stale.add(n);
    for (const branch of branchesOf(wave)) {
      const mr = observed.mrs[branch];
      if (mr) stale.add(mr.number);
    }
  }
  if (stale.size > 0) state.staleMrs = [...stale].sort((a, b) => a - b).slice(-STALE_KEPT);
  if (live && prior.dashboard) state.dashboard = { ...prior.dashboard };
}

function supersede(d: Draft, prior: DecideState): void {
  const comment =
    `GUARD: guard/upgrade.yaml now asks for ${d.state.service} ${d.state.version}. This MR belongs to the ` +
    `earlier request (${prior.service} ${prior.version}) and is closed; merged waves are not rolled back.`;
  const open = openMrs(prior, d.observed, true);
  for (const number of open) act(d, { kind: 'close-mr', number, comment });
  note(
    d,
    'rollout.superseded',
    `request changed from ${prior.version} to ${d.state.version}; ${closing(open)}`,
  );
}

/** The request was removed: stop for good and close the open wave MRs (a rollback MR stays open). */
export function cancelRollout(d: Draft): void {
  const comment =
    `GUARD stopped the rollout of ${d.state.service} ${d.state.version}: its request was removed from ` +
    'guard/upgrade.yaml. Merged waves stay as they are.';
  const open = openMrs(d.state, d.observed, false);
  for (const number of open) act(d, { kind: 'close-mr', number, comment });
  d.state.phase = 'stopped';
  d.state.reason = REQUEST_REMOVED;
  act(d, { kind: 'close-dashboard' });
  note(d, 'rollout.stopped', `${REQUEST_REMOVED}; ${closing(open)}`);
}

function closing(numbers: number[]): string {
  return numbers.length === 0 ? 'no open MR to close' : `closing ${numbers.map((n) => `!${n}`).join(', ')}`;
}

/** Open MRs on the rollout's branches, as the forge shows them now. */
function openMrs(state: DecideState, observed: Observed, withRollbacks: boolean): number[] {
  const numbers = state.waves.flatMap((wave) =>
    (withRollbacks ? branchesOf(wave) : [wave.branch])
      .map((branch) => observed.mrs[branch])
      .filter((mr) => mr?.state === 'open' && !state.staleMrs?.includes(mr.number))
      .map((mr) => mr!.number),
  );
  return [...new Set(numbers)];
}

function branchesOf(wave: DecideState['waves'][number]): string[] {
  return wave.rollback ? [wave.branch, wave.rollback.branch] : [wave.branch];
}
