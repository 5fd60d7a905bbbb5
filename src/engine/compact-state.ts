import type { RolloutState } from '../rollout/model.ts';

/** A stored rollout must fit one DynamoDB item (400 KB) with room for the outbox. */
const BUDGET = 250_000;
const EVIDENCE_AFTER_SOAK = 8_000;

/**
 * Keeps the stored state small: a wave that no longer soaks drops its baseline (only a running soak
 * reads it) and keeps a shorter evidence (a failed wave keeps more: its rollback MR quotes it); if
 * the document is still too large, every baseline goes and evidence is cut hard. The judge then
 * recomputes a baseline from metrics, which it can always do: the baseline window is in the past.
 */
export function compactState(state: RolloutState): void {
  for (const wave of state.waves) {
    if (wave.phase === 'soaking') continue;
    if (wave.soak) delete wave.soak.baseline;
    const keep =
      wave.phase === 'failed' || wave.phase === 'rolling-back'
        ? 2 * EVIDENCE_AFTER_SOAK
        : EVIDENCE_AFTER_SOAK;
    if (wave.evidence && wave.evidence.length > keep)
      wave.evidence = `${wave.evidence.slice(0, keep)}\n\n… (cut)`;
  }
  if (JSON.stringify(state).length <= BUDGET) return;
  for (const wave of state.waves) {
    if (wave.soak) delete wave.soak.baseline;
    if (wave.evidence && wave.evidence.length > 2_000)
      wave.evidence = `${wave.evidence.slice(0, 2_000)}\n\n… (cut)`;
  }
}
