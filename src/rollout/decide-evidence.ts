import type { Action, Observed, RolloutState } from './model.ts';

/** Characters of soak evidence kept with a wave (its soak check and a rollback MR quote it). */
const EVIDENCE_KEPT = 20_000;
/** Bytes of soak baseline kept in the rollout document (DynamoDB items hold 400 KB in all). */
const BASELINE_KEPT = 150_000;

/**
 * What this tick's soak evaluation leaves with the wave it evaluated (the one soaking before the
 * decision, wherever the decision moved it): the evidence, cut to EVIDENCE_KEPT, and the judge's
 * newest baseline, which comes back on the next evaluation (restart counts move with it). A baseline
 * too large for a store item (a huge wave) is left out and recomputed from metrics instead.
 */
export function keepEvidence(prior: RolloutState, next: RolloutState, evidence: Observed['evidence']): void {
  const index = prior.waves.find((w) => w.phase === 'soaking')?.index;
  const wave = next.waves.find((w) => w.index === index);
  if (!wave || !evidence) return;
  wave.evidence =
    evidence.markdown.length <= EVIDENCE_KEPT
      ? evidence.markdown
      : `${evidence.markdown.slice(0, EVIDENCE_KEPT)}\n\n… (cut)`;
  if (wave.soak && evidence.baseline !== undefined) {
    const size = JSON.stringify(evidence.baseline)?.length ?? 0;
    if (size <= BASELINE_KEPT) wave.soak.baseline = evidence.baseline;
    else delete wave.soak.baseline;
  }
}

/**
 * The sticky soak comment follows the soak from its start to its end (the wave soaking before or
 * after the decision), edited only when what it shows changes (a cluster's counts, the wave's
 * phase), not every minute: GitHub limits content-creating requests.
 */
export function showSoak(prior: RolloutState, next: RolloutState, actions: Action[]): void {
  const soaking = (state: RolloutState) => state.waves.find((w) => w.phase === 'soaking');
  const index = (soaking(prior) ?? soaking(next))?.index;
  const wave = next.waves.find((w) => w.index === index);
  if (!wave?.mr || !wave.soak) return;
  const shown = JSON.stringify([
    wave.phase,
    wave.soak.failures,
    Object.keys(wave.soak.passes).sort(),
    wave.soak.extended,
    wave.soak.held,
  ]);
  if (wave.soakShown === shown) return;
  wave.soakShown = shown;
  actions.push({ kind: 'update-soak-comment', wave: wave.index });
}
