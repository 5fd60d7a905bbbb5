import {
  act,
  currentWave,
  type DecideWave,
  type Draft,
  isRemoved,
  note,
  rememberCommand,
  rolloutEnded,
  waveName,
} from './decide-draft.ts';
import { isMerged, rollBackWave } from './decide-rollback.ts';
import { passWave, tickClock } from './decide-soak.ts';
import type { AcceptedCommand } from './model.ts';

/** A command carried out (`done`: what happened) or not (`ignored`: why not). */
type Outcome = { done: string } | { ignored: string };

/**
 * Carries out each accepted command once, oldest first. A command id already handled (a redelivered
 * comment) is skipped without a word; every other command gets an audit line and a reply.
 */
export function handleCommands(d: Draft): void {
  const commands = [...d.observed.commands].sort((a, b) =>
    a.at === b.at ? (a.id < b.id ? -1 : 1) : a.at < b.at ? -1 : 1,
  );
  for (const command of commands) {
    if (d.state.handledCommands?.includes(command.id)) continue;
    rememberCommand(d.state, command.id);
    const outcome = carryOut(d, command);
    const line = `/guard ${command.name}`;
    if ('done' in outcome) {
      note(d, `command.${command.name}`, `${outcome.done} (command ${command.id})`, command.by);
      act(d, { kind: 'comment', on: command.on, body: `\`${line}\` by @${command.by}: ${outcome.done}.` });
    } else {
      note(d, 'command.ignored', `${line}: ${outcome.ignored} (command ${command.id})`, command.by);
      act(d, {
        kind: 'comment',
        on: command.on,
        body: `\`${line}\` by @${command.by} was not carried out: ${outcome.ignored}.`,
      });
    }
  }
}

function carryOut(d: Draft, command: AcceptedCommand): Outcome {
  const { state } = d;
  // A finished rollout can still be rolled back from its wave MRs; a removed request ends everything.
  if (isRemoved(state) || (rolloutEnded(state) && command.name !== 'rollback')) {
    return { ignored: `the rollout is ${state.phase}: ${state.reason ?? ''}` };
  }
  switch (command.name) {
    case 'pause':
      return pause(d, command);
    case 'resume':
      return resume(d);
    case 'recheck':
      return recheck(d, command);
    case 'rollback':
      return command.on.kind === 'issue' ? rollbackAll(d, command) : rollbackMr(d, command);
    case 'skip-soak':
      return skipSoak(d, command);
  }
}

function pause(d: Draft, command: AcceptedCommand): Outcome {
  if (d.state.phase === 'paused') return { ignored: 'the rollout is already paused' };
  if (d.state.phase !== 'active') return { ignored: `the rollout is ${d.state.phase}, not active` };
  const wave = currentWave(d.state);
  if (wave) tickClock(d, wave);
  d.state.phase = 'paused';
  d.state.pausedAt = d.at;
  d.state.reason = `paused by ${command.by}${command.reason ? `: ${command.reason}` : ''}`;
  return { done: 'rollout paused; the soak clock and promotion stop until `/guard resume`' };
}

function resume(d: Draft): Outcome {
  if (d.state.phase !== 'paused') return { ignored: `the rollout is ${d.state.phase}, not paused` };
  d.state.phase = 'active';
  delete d.state.pausedAt;
  d.state.reason = 'resumed';
  const soak = currentWave(d.state)?.soak;
  if (soak) soak.countedAt = d.at;
  return { done: 'rollout resumed; the soak clock and promotion run again' };
}

function recheck(d: Draft, command: AcceptedCommand): Outcome {
  const wave = currentWave(d.state);
  const open = wave?.phase === 'open' || wave?.phase === 'ready' || wave?.phase === 'blocked';
  if (d.state.phase !== 'active' && d.state.phase !== 'paused') {
    return { ignored: `the rollout is ${d.state.phase}` };
  }
  if (!wave?.mr || !open) return { ignored: 'no wave MR is open' };
  if (command.on.kind !== 'mr' || command.on.number !== wave.mr.number) {
    return { ignored: `prechecks run on the open wave MR, !${wave.mr.number}` };
  }
  if (wave.waitingForWindow) {
    return { ignored: 'prechecks rerun by themselves when the maintenance window opens' };
  }
  wave.phase = 'open';
  act(d, { kind: 'run-prechecks', wave: wave.index });
  return { done: `rerunning the prechecks of ${waveName(d.state, wave)}` };
}

function rollbackReason(command: AcceptedCommand): string {
  return `rollback requested by ${command.by}${command.reason ? `: ${command.reason}` : ''}`;
}

/** `/guard rollback` on a wave MR: that wave, when it is the latest merged one. */
function rollbackMr(d: Draft, command: AcceptedCommand): Outcome {
  const { waves } = d.state;
  const n = command.on.number;
  const rollbackMrs = waves.map((w) => (w.rollback ? d.observed.mrs[w.rollback.branch]?.number : undefined));
  if (waves.some((w) => w.rollback?.mr?.number === n) || rollbackMrs.includes(n)) {
    return { ignored: 'this is a rollback MR, and GUARD never rolls back a rollback' };
  }
  const wave = waves.find((w) => w.mr?.number === n);
  if (!wave) return { ignored: `!${n} is not a wave MR of ${d.state.service} ${d.state.version}` };
  const name = waveName(d.state, wave);
  if (wave.phase === 'rolling-back' || wave.phase === 'rolled-back') {
    const mr = wave.rollback?.mr ? ` (!${wave.rollback.mr.number})` : '';
    return { ignored: `${name} is already ${wave.phase}${mr}` };
  }
  if (!isMerged(wave)) return { ignored: `${name} is not merged; close its MR to stop the rollout instead` };
  const latest = [...waves].reverse().find(isMerged);
  if (latest && latest !== wave) {
    return {
      ignored: `${waveName(d.state, latest)} was merged later: roll it back first, or comment \`/guard rollback\` on the dashboard to roll back every merged wave`,
    };
  }
  rollBackWave(d, wave, rollbackReason(command), command.by);
  return { done: `rolling back ${name}` };
}

/** `/guard rollback` on the dashboard: every merged wave, newest first, one rollback MR at a time. */
function rollbackAll(d: Draft, command: AcceptedCommand): Outcome {
  const targets = [...d.state.waves].reverse().filter(isMerged);
  if (targets.length === 0) return { ignored: 'no merged wave to roll back' };
  const reason = rollbackReason(command);
  for (const wave of targets) wave.rollbackRequested = { by: command.by, at: d.at, reason };
  const busy = d.state.waves.some((w) => w.phase === 'rolling-back');
  if (!busy) rollBackWave(d, targets[0]!, reason, command.by);
  const names = targets.map((w) => w.index).join(', ');
  return { done: `rolling back waves ${names}, newest first, one at a time` };
}

function skipSoak(d: Draft, command: AcceptedCommand): Outcome {
  if (d.state.phase !== 'active' && d.state.phase !== 'paused') {
    return { ignored: `the rollout is ${d.state.phase}` };
  }
  const wave: DecideWave | undefined =
    command.on.kind === 'mr' ? d.state.waves.find((w) => w.mr?.number === command.on.number) : undefined;
  if (!wave) return { ignored: 'skip-soak works on the MR of the soaking wave' };
  if (wave.phase !== 'soaking') {
    return { ignored: `${waveName(d.state, wave)} is ${wave.phase}, not soaking` };
  }
  const reason = command.reason ?? 'no reason given';
  wave.skipSoak = { by: command.by, at: d.at, reason };
  passWave(d, wave, `soak skipped by ${command.by}: ${reason}`, command.by);
  return { done: `soak of ${waveName(d.state, wave)} skipped; the wave passed` };
}
