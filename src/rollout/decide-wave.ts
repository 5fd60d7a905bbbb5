import type { MergeRequest } from '../ports/forge.ts';
import {
  act,
  currentWave,
  type DecideWave,
  type Draft,
  mrRef,
  note,
  observedMr,
  requeueIn,
  resume,
  rolloutEnded,
  stop,
  waveName,
} from './decide-draft.ts';
import { failWave, stepRollingBack } from './decide-rollback.ts';
import { newSoak, stepSoaking } from './decide-soak.ts';
import { checkTitle, clusters, formatDuration } from './decide-text.ts';
import { waitForWindow } from './decide-window.ts';
import type { WavePhase } from './model.ts';

/**
 * Moves the rollout as far as the observation allows: a wave that passes lets the next one start in
 * the same decision. Stops when the current wave stays where it is.
 */
export function advance(d: Draft): void {
  if (!d.observed.request || rolloutEnded(d.state)) return;
  for (let step = 0; step <= 4 * d.state.waves.length; step++) {
    const wave = currentWave(d.state);
    if (!wave) {
      complete(d);
      return;
    }
    const before = `${wave.index}:${wave.phase}`;
    STEPS[wave.phase]?.(d, wave);
    const after = currentWave(d.state);
    if (after && `${after.index}:${after.phase}` === before) return;
  }
}

/** What each phase does while it is the current wave's; failed waits for `/guard rollback`. */
const STEPS: Partial<Record<WavePhase, (d: Draft, wave: DecideWave) => void>> = {
  pending: stepPending,
  open: stepOpen,
  ready: stepOpen,
  blocked: stepOpen,
  merged: (_d, wave) => {
    wave.phase = 'applying';
  },
  applying: stepApplying,
  soaking: stepSoaking,
  'rolling-back': stepRollingBack,
};

function complete(d: Draft): void {
  if (d.state.phase !== 'active' && d.state.phase !== 'paused') return;
  d.state.phase = 'completed';
  d.state.reason = `every wave passed: ${d.state.service} ${d.state.version} runs on the whole fleet`;
  act(d, { kind: 'close-dashboard' });
  note(d, 'rollout.completed', d.state.reason);
}

/** pending: the previous wave passed. Adopt an MR already there (a lost reply), else open one in a window. */
function stepPending(d: Draft, wave: DecideWave): void {
  const mr = observedMr(d, wave.branch);
  if (mr?.state === 'merged') {
    adoptMerge(d, wave, mr);
    return;
  }
  if (mr?.state === 'open') {
    wave.mr = mrRef(mr);
    wave.phase = 'open';
    delete wave.waitingForWindow;
    note(d, 'wave.opened', `${waveName(d.state, wave)}: found its open MR !${mr.number}`);
    return;
  }
  if (d.state.phase !== 'active') return;
  const planned = d.observed.plan?.find((p) => p.batch === wave.batch);
  if (d.observed.plan && !planned) {
    // Every cluster of the batch already runs the target (upgraded by hand): nothing to merge or soak.
    wave.phase = 'passed';
    delete wave.waitingForWindow;
    note(
      d,
      'wave.passed',
      `${waveName(d.state, wave)}: every cluster already runs ${d.state.version}; no MR needed`,
    );
    return;
  }
  if (!d.observed.window.open) {
    waitForWindow(d, wave);
    return;
  }
  if (planned) wave.clusters = structuredClone(planned.clusters);
  delete wave.waitingForWindow;
  wave.phase = 'open';
  act(d, { kind: 'open-wave-mr', wave: wave.index });
  act(d, { kind: 'run-prechecks', wave: wave.index });
  const names = wave.clusters.map((c) => c.name);
  note(d, 'wave.opened', `${waveName(d.state, wave)}: opening ${wave.branch} for ${clusters(names)}`);
}

/** open, ready, blocked: follow the wave MR; hold it outside windows; take precheck outcomes. */
function stepOpen(d: Draft, wave: DecideWave): void {
  const mr = observedMr(d, wave.branch);
  if (!mr) {
    // Opening was decided but did not finish (or the MR vanished): ask again; both actions are idempotent.
    if (d.state.phase === 'stopped') return;
    act(d, { kind: 'open-wave-mr', wave: wave.index });
    act(d, { kind: 'run-prechecks', wave: wave.index });
    return;
  }
  if (wave.mr?.number !== mr.number || wave.mr.url !== mr.url) wave.mr = mrRef(mr);
  if (mr.state === 'merged') {
    if (d.state.phase === 'stopped') resume(d, `wave MR !${mr.number} merged`);
    adoptMerge(d, wave, mr);
    return;
  }
  if (mr.state === 'closed') {
    if (d.state.phase !== 'stopped') {
      const detail = `MR !${mr.number} of ${waveName(d.state, wave)} closed without merging`;
      stop(d, 'wave MR closed without merging', detail);
    }
    return;
  }
  if (d.state.phase === 'stopped') {
    resume(d, `wave MR !${mr.number} reopened`);
    wave.phase = 'open';
  }
  judgeOpenMr(d, wave);
}

function judgeOpenMr(d: Draft, wave: DecideWave): void {
  const window = d.observed.window;
  if (!window.open) {
    waitForWindow(d, wave);
    return;
  }
  if (wave.waitingForWindow) {
    delete wave.waitingForWindow;
    wave.phase = 'open';
    act(d, { kind: 'run-prechecks', wave: wave.index });
    note(d, 'wave.window-opened', `${waveName(d.state, wave)}: maintenance window open, prechecks rerun`);
    return;
  }
  const prechecks = d.observed.prechecks;
  if (!prechecks) {
    if (wave.phase === 'open') act(d, { kind: 'run-prechecks', wave: wave.index });
    return;
  }
  const phase = prechecks.passed ? 'ready' : 'blocked';
  if (wave.phase === phase) return;
  wave.phase = phase;
  const title = prechecks.passed ? 'prechecks passed' : `prechecks failed: ${prechecks.summary}`;
  act(d, {
    kind: 'set-precheck',
    wave: wave.index,
    state: prechecks.passed ? 'success' : 'failure',
    title: checkTitle(title),
  });
  note(d, prechecks.passed ? 'wave.ready' : 'wave.blocked', `${waveName(d.state, wave)}: ${title}`);
}

/** The wave MR was merged (seen now, whatever the wave's recorded phase): record it and wait for the apply. */
function adoptMerge(d: Draft, wave: DecideWave, mr: MergeRequest): void {
  wave.mr = mrRef(mr);
  wave.mergedAt = mr.mergedAt ?? d.at;
  if (mr.mergeSha) wave.mergeSha = mr.mergeSha;
  delete wave.waitingForWindow;
  wave.phase = 'applying';
  const sha = mr.mergeSha ? ` as ${mr.mergeSha}` : '';
  note(d, 'wave.merged', `${waveName(d.state, wave)}: MR !${mr.number} merged at ${wave.mergedAt}${sha}`);
}

/** applying: every cluster must run the new version within rolloutTimeout of the merge. */
function stepApplying(d: Draft, wave: DecideWave): void {
  const applied = d.observed.applied ?? {};
  const names = wave.clusters.map((c) => c.name);
  const failed = names.filter((n) => applied[n] === 'failed');
  if (failed.length > 0) {
    failWave(d, wave, `${clusters(failed)} failed to apply ${d.state.version}`);
    return;
  }
  const pending = names.filter((n) => applied[n] !== 'applied');
  if (pending.length === 0) {
    wave.appliedAt = d.at;
    wave.soak = newSoak(d.at);
    wave.phase = 'soaking';
    note(
      d,
      'wave.applied',
      `${waveName(d.state, wave)}: every cluster runs ${d.state.version}; soaking ${formatDuration(wave.soakMs)}`,
    );
    return;
  }
  const deadline = Date.parse(wave.mergedAt ?? d.at) + d.settings.rolloutTimeoutMs;
  if (d.now > deadline) {
    failWave(d, wave, `not applied within ${d.settings.rolloutTimeout}: ${pending.join(', ')}`);
    return;
  }
  requeueIn(d, Math.min(d.settings.intervalMs, deadline - d.now + 1));
}
