import { handleCommands } from './decide-commands.ts';
import {
  createDraft,
  type DecideState,
  type Draft,
  dashboardView,
  isRemoved,
  rolloutEnded,
  sameJson,
} from './decide-draft.ts';
import { keepEvidence, showSoak } from './decide-evidence.ts';
import { cancelRollout, startAttempt } from './decide-start.ts';
import { advance } from './decide-wave.ts';
import type { Decision, Observed, RolloutState } from './model.ts';

export { stopForFailedAction } from './decide-action-failed.ts';
export type { DecideState, DecideWave } from './decide-draft.ts';
export { soakEvaluationDue } from './decide-soak.ts';

/** Names the rollout: `<forge>:<project>:<service>` and its service. */
export interface RolloutKey {
  key: string;
  service: string;
}

/**
 * The rollout engine's whole judgement (DESIGN sections 2, 5 and 6): from the stored state and what
 * reconcile observed, the next state, the idempotent actions that bring the world to it, the audit
 * lines that explain it, and when to look again. Pure and level-triggered: the same inputs give the
 * same decision, and deciding again on the returned state with the same observation changes nothing
 * (it only repeats actions the observation shows not done yet, such as opening a missing MR).
 *
 * Order within one decision: the request (start, supersede, cancel), then the wave as far as the
 * observation allows, then the commands, then the wave again, so a command meets a state that already
 * knows what the forge shows (a `/guard rollback` right after a merge the webhook never delivered).
 *
 * No state and no request: nothing to decide, `undefined`.
 */
export function decide(state: RolloutState, observed: Observed, now: Date, key: RolloutKey): Decision;
export function decide(
  state: RolloutState | undefined,
  observed: Observed,
  now: Date,
  key: RolloutKey,
): Decision | undefined;
export function decide(
  state: RolloutState | undefined,
  observed: Observed,
  now: Date,
  key: RolloutKey,
): Decision | undefined {
  const prior = state as DecideState | undefined;
  const d = begin(prior, observed, now, key);
  if (!d) return undefined;
  advance(d);
  handleCommands(d);
  // The second pass sees the final state and is the one whose requeue counts (a pause clears it).
  d.requeueAfterMs = undefined;
  advance(d);
  return finish(d, prior);
}

function begin(
  prior: DecideState | undefined,
  observed: Observed,
  now: Date,
  key: RolloutKey,
): Draft | undefined {
  const request = observed.request;
  if (!prior) return request ? startAttempt(observed, now, key) : undefined;
  if (request && (request.digest !== prior.digest || isRemoved(prior))) {
    return startAttempt(observed, now, key, prior);
  }
  const d = createDraft(structuredClone(prior), observed, now);
  if (!request && !rolloutEnded(prior)) cancelRollout(d);
  return d;
}

function finish(d: Draft, prior: DecideState | undefined): Decision {
  const { state, actions } = d;
  if (!prior || !sameJson(prior, state)) state.updatedAt = d.at;
  const closing = actions.some((a) => a.kind === 'close-dashboard');
  if (!closing && (!prior || !sameJson(dashboardView(prior), dashboardView(state)))) {
    actions.push({ kind: 'update-dashboard' });
  }
  if (prior) {
    keepEvidence(prior, state, d.observed.evidence);
    showSoak(prior, state, actions);
  }
  const decision: Decision = { state, actions, audit: d.audit };
  if (d.requeueAfterMs !== undefined && !rolloutEnded(state)) decision.requeueAfterMs = d.requeueAfterMs;
  return decision;
}
