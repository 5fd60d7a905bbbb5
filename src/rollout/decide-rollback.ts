import {
  act,
  type DecideWave,
  type Draft,
  mrRef,
  note,
  observedMr,
  requeueIn,
  resume,
  stop,
  waveName,
} from './decide-draft.ts';
import { checkTitle } from './decide-text.ts';

/** Phases of a wave whose MR was merged and which has not been rolled back (or started to be). */
const MERGED_PHASES = new Set(['merged', 'applying', 'soaking', 'passed', 'failed']);

export function rollbackBranch(d: Draft, wave: DecideWave): string {
  return `guard/rollback/${d.state.service}/${d.state.version}/${wave.batch}`;
}

export function isMerged(wave: DecideWave): boolean {
  return wave.mergedAt !== undefined && MERGED_PHASES.has(wave.phase);
}

/**
 * Fails a wave: `guard/soak` failure, the reason on its MR, the rollout failed, no further waves.
 * The rollback MR follows at once when the request says `rollback: automatic` or a person asked.
 */
export function failWave(
  d: Draft,
  wave: DecideWave,
  reason: string,
  actor = 'guard',
  rollback = false,
): void {
  const rollsBack = rollback || d.settings.rollbackMode === 'automatic';
  const name = waveName(d.state, wave);
  wave.phase = 'failed';
  wave.failure = { at: d.at, reason };
  d.state.phase = 'failed';
  d.state.reason = `${name} failed: ${reason}`;
  act(d, { kind: 'set-soak-check', wave: wave.index, state: 'failure', title: checkTitle(reason) });
  if (wave.mr) {
    const next = rollsBack
      ? `GUARD is opening the rollback MR (\`${rollbackBranch(d, wave)}\`).`
      : 'This request says `rollback: manual`: comment `/guard rollback` to open the rollback MR.';
    act(d, {
      kind: 'comment',
      on: { kind: 'mr', number: wave.mr.number },
      body: `**GUARD: ${name} failed.** ${reason}\n\n${next}`,
    });
  }
  note(d, 'wave.failed', `${name}: ${reason}`, actor);
  closeLaterMrs(d, wave);
  if (rollsBack) startRollback(d, wave, reason, actor);
}

/** A person's rollback: a wave that already failed rolls back; a merged one fails first. */
export function rollBackWave(d: Draft, wave: DecideWave, reason: string, actor: string): void {
  if (wave.phase === 'failed') startRollback(d, wave, reason, actor);
  else failWave(d, wave, reason, actor, true);
}

/** Asks for the rollback MR, which restores each field of the wave's clusters to its recorded `from`. */
export function startRollback(d: Draft, wave: DecideWave, reason: string, actor = 'guard'): void {
  const branch = rollbackBranch(d, wave);
  wave.phase = 'rolling-back';
  wave.rollback = { branch, reason };
  act(d, { kind: 'open-rollback-mr', wave: wave.index, reason });
  note(d, 'rollback.opened', `${waveName(d.state, wave)}: opening ${branch}: ${reason}`, actor);
}

/** A later wave's open MR must not be merged once the rollout failed: "no further waves". */
function closeLaterMrs(d: Draft, failed: DecideWave): void {
  for (const wave of d.state.waves) {
    const mr = wave.index > failed.index ? observedMr(d, wave.branch) : undefined;
    if (mr?.state !== 'open') continue;
    const comment = `GUARD: ${waveName(d.state, failed)} failed, so the rollout goes no further and this MR is closed.`;
    act(d, { kind: 'close-mr', number: mr.number, comment });
  }
}

/** rolling-back: follow the rollback MR to its merge, then wait until every cluster is back. */
export function stepRollingBack(d: Draft, wave: DecideWave): void {
  wave.rollback ??= { branch: rollbackBranch(d, wave), reason: wave.failure?.reason ?? 'rollback' };
  const rb = wave.rollback;
  const mr = observedMr(d, rb.branch);
  if (!mr) {
    if (d.state.phase !== 'stopped') {
      act(d, { kind: 'open-rollback-mr', wave: wave.index, reason: rb.reason });
    }
    return;
  }
  if (rb.mr?.number !== mr.number || rb.mr.url !== mr.url) rb.mr = mrRef(mr);
  if (mr.state === 'closed') {
    if (d.state.phase !== 'stopped') {
      stop(
        d,
        'rollback MR closed without merging',
        `rollback MR !${mr.number} of ${waveName(d.state, wave)} closed without merging`,
      );
    }
    return;
  }
  if (d.state.phase === 'stopped') resume(d, `rollback MR !${mr.number} reopened`);
  if (mr.state === 'open') {
    if (d.settings.autoMerge) act(d, { kind: 'merge-mr', number: mr.number });
    return;
  }
  if (!rb.mergedAt) {
    rb.mergedAt = mr.mergedAt ?? d.at;
    note(d, 'rollback.merged', `rollback MR !${mr.number} of ${waveName(d.state, wave)} merged`);
  }
  finishWhenBack(d, wave);
}

function finishWhenBack(d: Draft, wave: DecideWave): void {
  const applied = d.observed.applied ?? {};
  const pending = wave.clusters.filter((c) => applied[c.name] !== 'applied').map((c) => c.name);
  if (pending.length > 0) {
    requeueIn(d, d.settings.intervalMs);
    return;
  }
  wave.phase = 'rolled-back';
  note(d, 'wave.rolled-back', `${waveName(d.state, wave)}: every cluster is back on its previous version`);
  const next = queuedRollback(d);
  if (next?.rollbackRequested) {
    rollBackWave(d, next, next.rollbackRequested.reason, next.rollbackRequested.by);
    return;
  }
  d.state.phase = 'rolled-back';
  d.state.reason = `${waveName(d.state, wave)} rolled back: ${wave.rollback?.reason ?? ''}`;
  act(d, { kind: 'close-dashboard' });
  note(d, 'rollout.rolled-back', d.state.reason);
}

/** The newest merged wave a dashboard `/guard rollback` queued and that is not rolled back yet. */
function queuedRollback(d: Draft): DecideWave | undefined {
  return [...d.state.waves].reverse().find((w) => w.rollbackRequested && isMerged(w));
}
