import type { Action, RolloutState } from './model.ts';

/**
 * An action that can never succeed (a TerminalError: say, a file that no longer matches what GUARD
 * planned) stops the rollout with its reason instead of being retried for ever; a reopened MR or a
 * changed request starts it again. Pure: the caller stores the state and appends the audit line.
 */
export function stopForFailedAction(
  state: RolloutState,
  action: Action,
  message: string,
): { state: RolloutState; audit: { action: string; reason: string } } {
  const reason = `GUARD could not ${action.kind.replaceAll('-', ' ')}: ${message}`;
  return { state: { ...state, phase: 'stopped', reason }, audit: { action: 'rollout.stopped', reason } };
}
