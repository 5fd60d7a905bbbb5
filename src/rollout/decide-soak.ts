import { act, type DecideWave, type Draft, note, requeueIn, waveName } from './decide-draft.ts';
import { failWave } from './decide-rollback.ts';
import { checkTitle, clusters, formatDuration } from './decide-text.ts';
import type { SoakState } from './model.ts';

/**
 * An evaluation is due once most of an interval has passed since the last one: ticks jitter by a
 * few seconds, and a tick arriving just early must not skip a whole interval. Reconcile asks for
 * verdicts when this says so; decide counts verdicts only then, so a repeated decide counts nothing twice.
 */
export function soakEvaluationDue(soak: SoakState, intervalMs: number, now: Date): boolean {
  return !soak.lastEvaluatedAt || now.getTime() - Date.parse(soak.lastEvaluatedAt) >= intervalMs * 0.9;
}

export function newSoak(at: string): SoakState {
  return {
    startedAt: at,
    elapsedMs: 0,
    countedAt: at,
    failures: {},
    passes: {},
    evaluations: 0,
    inconclusive: 0,
  };
}

/** Brings the soak clock up to now; time counts only while the rollout is active (pause stops it). */
export function tickClock(d: Draft, wave: DecideWave): void {
  const soak = wave.soak;
  if (!soak || d.now <= Date.parse(soak.countedAt)) return;
  if (d.state.phase === 'active') soak.elapsedMs += d.now - Date.parse(soak.countedAt);
  soak.countedAt = d.at;
}

/** soaking: count this tick's verdicts, fail on failing clusters, pass (or extend) at the end. */
export function stepSoaking(d: Draft, wave: DecideWave): void {
  wave.soak ??= newSoak(d.at);
  const soak = wave.soak;
  tickClock(d, wave);
  if (d.state.phase !== 'active') return;
  evaluate(d, wave, soak);
  const names = wave.clusters.map((c) => c.name);
  const failed = names.filter((n) => (soak.failures[n] ?? 0) >= d.settings.failAfter);
  if (failed.length > d.settings.maxFailedClusters) {
    failWave(
      d,
      wave,
      `soak failed on ${clusters(failed)}: ${d.settings.failAfter} consecutive failing evaluations`,
    );
    return;
  }
  if (soak.elapsedMs < wave.soakMs) {
    requeueIn(d, Math.min(d.settings.intervalMs, wave.soakMs - soak.elapsedMs));
    return;
  }
  const thin = names.filter((n) => !failed.includes(n) && (soak.passes[n] ?? 0) === 0);
  if (thin.length === 0) passWave(d, wave, `soaked ${formatDuration(soak.elapsedMs)} without failing`);
  else judgeThinEvidence(d, wave, soak, thin);
}

/** The soak is over but some clusters never passed an evaluation: onNoData decides. */
function judgeThinEvidence(d: Draft, wave: DecideWave, soak: SoakState, thin: string[]): void {
  const onNoData = d.settings.onNoData;
  const what = `insufficient evidence for ${clusters(thin)}`;
  if (onNoData === 'pass') {
    passWave(d, wave, `soaked ${formatDuration(soak.elapsedMs)}; ${what} accepted (onNoData: pass)`);
  } else if (onNoData === 'fail') {
    failWave(d, wave, what);
  } else if (!soak.extended) {
    soak.extended = true;
    note(
      d,
      'soak.extended',
      `${waveName(d.state, wave)}: ${what}; soak extended by up to ${formatDuration(wave.soakMs)}`,
    );
    requeueIn(d, d.settings.intervalMs);
  } else if (soak.elapsedMs >= 2 * wave.soakMs) {
    failWave(d, wave, `${what} after a soak extended to ${formatDuration(2 * wave.soakMs)}`);
  } else {
    requeueIn(d, Math.min(d.settings.intervalMs, 2 * wave.soakMs - soak.elapsedMs));
  }
}

/**
 * Counts this tick's verdicts. A cluster fails after `failAfter` consecutive failing evaluations and
 * then stays failed for the rest of the soak: a later pass does not undo a failure already reached.
 */
function evaluate(d: Draft, wave: DecideWave, soak: SoakState): void {
  const verdicts = d.observed.verdicts;
  if (!verdicts || !soakEvaluationDue(soak, d.settings.intervalMs, new Date(d.now))) return;
  const seen: Record<'pass' | 'fail' | 'inconclusive', string[]> = { pass: [], fail: [], inconclusive: [] };
  for (const { name } of wave.clusters) {
    const verdict = verdicts[name] ?? 'inconclusive';
    seen[verdict].push(name);
    const failures = soak.failures[name] ?? 0;
    if (verdict === 'fail') soak.failures[name] = failures + 1;
    if (verdict === 'pass') soak.passes[name] = (soak.passes[name] ?? 0) + 1;
    // "Consecutive" failing evaluations: a pass or an inconclusive one (no evidence) breaks the run,
    // so isolated failures between gaps in sparse data never add up to a rollback.
    if (verdict !== 'fail' && failures < d.settings.failAfter) soak.failures[name] = 0;
  }
  soak.evaluations += 1;
  if (seen.inconclusive.length > 0) soak.inconclusive += 1;
  soak.lastEvaluatedAt = d.at;
  const counts = seen.fail.map((n) => `${n} ${soak.failures[n]}/${d.settings.failAfter}`);
  const parts = [
    seen.pass.length ? `pass: ${seen.pass.join(', ')}` : '',
    counts.length ? `fail: ${counts.join(', ')}` : '',
    seen.inconclusive.length ? `inconclusive: ${seen.inconclusive.join(', ')}` : '',
  ].filter(Boolean);
  note(
    d,
    'soak.evaluated',
    `${waveName(d.state, wave)} evaluation ${soak.evaluations}: ${parts.join('; ') || 'no clusters'}`,
  );
}

/** Passes a wave: `guard/soak` success on its merge commit; the next wave may start. */
export function passWave(d: Draft, wave: DecideWave, reason: string, actor = 'guard'): void {
  wave.phase = 'passed';
  act(d, { kind: 'set-soak-check', wave: wave.index, state: 'success', title: checkTitle(reason) });
  note(d, 'wave.passed', `${waveName(d.state, wave)}: ${reason}`, actor);
}
