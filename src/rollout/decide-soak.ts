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
  // A held wave waits for a person; evaluating it further would cost queries and decide nothing.
  if (soak.held) return false;
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

/** Share of the evaluations a soak's length implies that it must have seen before it may pass. */
export const MIN_EVALUATION_SHARE = 0.8;

/**
 * soaking: count this tick's verdicts, fail on failing clusters, pass at the end, or extend: for
 * evaluations missed while GUARD was away, and for insufficient evidence, which finally holds the
 * wave rather than failing it.
 */
export function stepSoaking(d: Draft, wave: DecideWave): void {
  wave.soak ??= newSoak(d.at);
  const soak = wave.soak;
  tickClock(d, wave);
  if (d.state.phase !== 'active' || soak.held) return;
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
  if (!enoughEvaluations(d, wave, soak)) return;
  const thin = names.filter((n) => !failed.includes(n) && (soak.passes[n] ?? 0) === 0);
  if (thin.length === 0) passWave(d, wave, `soaked ${formatDuration(soak.elapsedMs)} without failing`);
  else judgeThinEvidence(d, wave, soak, thin);
}

/**
 * The soak clock runs on wall time, so a GUARD that was down for part of the soak reaches its end
 * having judged only part of it. It goes on (announced once) until it has seen MIN_EVALUATION_SHARE
 * of the evaluations its length implies; every tick adds one, so this ends.
 */
function enoughEvaluations(d: Draft, wave: DecideWave, soak: SoakState): boolean {
  const implied = Math.floor(wave.soakMs / d.settings.intervalMs);
  const needed = Math.ceil(MIN_EVALUATION_SHARE * implied);
  if (soak.evaluations >= needed) return true;
  if (soak.needEvaluations === undefined) {
    soak.needEvaluations = needed;
    note(
      d,
      'soak.extended',
      `${waveName(d.state, wave)}: only ${soak.evaluations} of the ${implied} evaluations of a ${formatDuration(wave.soakMs)} soak were made (GUARD was away for part of it); soak extended until ${needed} are`,
    );
  }
  requeueIn(d, d.settings.intervalMs);
  return false;
}

/**
 * The soak is over but some clusters never passed an evaluation: onNoData decides. Missing data is
 * no evidence of harm, so under `extend` (the default) it ends in a hold, never a rollback;
 * `fail` is the explicit opt-in for teams that want one.
 */
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
    holdWave(d, wave, soak, thin, `${what} after a soak extended to ${formatDuration(2 * wave.soakMs)}`);
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
    if (verdict === 'inconclusive') {
      const why = d.observed.soakReasons?.[name] ?? 'no evaluation had evidence';
      soak.missing = { ...soak.missing, [name]: why.length > 300 ? `${why.slice(0, 299)}…` : why };
    }
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

/**
 * Holds a wave whose soak ended without enough evidence: `guard/soak` neutral with the reason, and
 * a comment on the wave MR saying what is missing and how to go on or back. It stays soaking, so
 * `/guard skip-soak` passes it and `/guard rollback` rolls it back; nothing else moves it.
 */
function holdWave(d: Draft, wave: DecideWave, soak: SoakState, thin: string[], reason: string): void {
  const name = waveName(d.state, wave);
  soak.held = { at: d.at, reason };
  d.state.reason = `${name} held: ${reason}`;
  act(d, {
    kind: 'set-soak-check',
    wave: wave.index,
    state: 'neutral',
    title: checkTitle(`held: ${reason}`),
  });
  if (wave.mr) {
    act(d, {
      kind: 'comment',
      on: { kind: 'mr', number: wave.mr.number },
      body: holdComment(name, soak, thin),
    });
  }
  note(d, 'wave.held', `${name}: ${reason}`);
}

const SHOWN_CLUSTERS = 20;

function holdComment(name: string, soak: SoakState, thin: string[]): string {
  const rows = thin
    .slice(0, SHOWN_CLUSTERS)
    .map((c) => `| ${c} | ${(soak.missing?.[c] ?? 'no evaluation had evidence').replaceAll('|', '\\|')} |`);
  const more = thin.length > SHOWN_CLUSTERS ? [`… and ${thin.length - SHOWN_CLUSTERS} more clusters.`] : [];
  return [
    `**GUARD: ${name} is held.** Its soak, extended once, ended without evidence for ${clusters(thin)} ` +
      `after ${soak.evaluations} evaluations. Missing data is not a failure, so GUARD opens no rollback MR by itself.`,
    '',
    '| Cluster | What is missing (latest evaluation) |',
    '|---|---|',
    ...rows,
    ...more,
    '',
    'To go on, comment `/guard skip-soak <reason>` (maintainers): the wave passes and the next one opens. ' +
      'To roll back, comment `/guard rollback [reason]`. To make such soaks pass or fail by themselves, ' +
      'set `onNoData: pass` or `onNoData: fail` in guard/upgrade.yaml.',
  ].join('\n');
}
