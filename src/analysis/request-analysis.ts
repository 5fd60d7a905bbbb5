import type { ExecContext } from '../engine/execute-context.ts';
import type { Announcement } from '../ports/announcer.ts';
import { waveEvidence } from './wave-evidence.ts';

/**
 * The outbox's part in failure analysis: when a failed wave's rollback MR shows up, store what GUARD
 * knows about the wave for the analysis queue and return at once: one store write, no forge call.
 * The MR is already open; nothing of the rollout waits for the model.
 */
export async function requestAnalysis(ctx: ExecContext, announcement: Announcement): Promise<void> {
  const analysis = ctx.deps.analysis;
  const wave = ctx.state.waves[(announcement.wave?.index ?? 0) - 1];
  if (!analysis || announcement.event !== 'rollback.opened' || !announcement.mr || !wave?.failure) return;
  await analysis.accept({
    rollout: ctx.key,
    id: announcement.id,
    mr: announcement.mr,
    evidence: waveEvidence(ctx.state, wave),
  });
}
