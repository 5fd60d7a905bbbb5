import { createHash } from 'node:crypto';
import type { Announcement, AnnouncementEvent } from '../ports/announcer.ts';
import { rolloutEnded } from './decide-draft.ts';
import { formatDuration } from './decide-text.ts';
import type { MrRef, RolloutState, WaveState } from './model.ts';

const OPEN_PHASES = new Set<WaveState['phase']>(['open', 'ready', 'blocked']);

/**
 * What a decision has to tell the outside world, derived in one place from the rollout before and
 * after it rather than at every step of decide: a wave MR showing up, a merge, every cluster
 * applied, a soak passed or failed, a rollback MR showing up, the rollout ending. Pure: the same
 * two states give the same announcements with the same ids, and a state compared with itself
 * gives none, so a repeated decision announces nothing twice.
 *
 * MRs are announced when the forge shows them (the state records the MR), so every message can
 * link to it. A new attempt compares its waves with nothing, and a live attempt it replaces ends
 * as `superseded`.
 */
export function announcements(
  prior: RolloutState | undefined,
  next: RolloutState,
  at: string,
): Announcement[] {
  const same = prior !== undefined && prior.createdAt === next.createdAt && prior.digest === next.digest;
  const out: Announcement[] = [];
  if (prior && !same && !rolloutEnded(prior)) {
    const reason =
      prior.version === next.version
        ? 'guard/upgrade.yaml changed; a new attempt starts'
        : `guard/upgrade.yaml now asks for ${next.service} ${next.version}`;
    out.push(ended(prior, 'superseded', reason, at));
  }
  const before = same ? prior : undefined;
  for (const wave of next.waves) out.push(...ofWave(next, before?.waves[wave.index - 1], wave, at));
  // A new attempt can end at once too: every cluster already ran the version.
  if (!(before && rolloutEnded(before)) && rolloutEnded(next)) {
    out.push(ended(next, next.phase, next.reason ?? next.phase, at));
  }
  return out;
}

function ofWave(
  state: RolloutState,
  was: WaveState | undefined,
  wave: WaveState,
  at: string,
): Announcement[] {
  const out: Announcement[] = [];
  const say = (event: AnnouncementEvent, mr: MrRef | undefined, reason?: string) =>
    out.push(announcement(state, event, at, { wave, mr, reason }));
  if (wave.mr && wave.mr.number !== was?.mr?.number && OPEN_PHASES.has(wave.phase))
    say('wave.opened', wave.mr);
  if (wave.mergedAt && !was?.mergedAt) say('wave.merged', wave.mr);
  if (wave.appliedAt && !was?.appliedAt) {
    say(
      'wave.applied',
      wave.mr,
      `every cluster runs ${state.version}; soaking ${formatDuration(wave.soakMs)}`,
    );
  }
  if (wave.failure && wave.failure.at !== was?.failure?.at) say('wave.failed', wave.mr, wave.failure.reason);
  if (wave.phase === 'passed' && was?.phase !== 'passed')
    say('wave.passed', wave.mr, passReason(state, wave));
  const rollback = wave.rollback?.mr;
  if (rollback && rollback.number !== was?.rollback?.mr?.number) {
    say('rollback.opened', rollback, wave.rollback?.reason);
  }
  return out;
}

function passReason(state: RolloutState, wave: WaveState): string {
  if (wave.skipSoak) return `soak skipped by ${wave.skipSoak.by}: ${wave.skipSoak.reason}`;
  if (!wave.mergedAt) return `every cluster already runs ${state.version}; no MR needed`;
  return `soaked ${formatDuration(wave.soak?.elapsedMs ?? wave.soakMs)} without failing`;
}

function ended(
  state: RolloutState,
  outcome: RolloutState['phase'],
  reason: string,
  at: string,
): Announcement {
  const mr = outcome === 'rolled-back' ? lastRollback(state) : state.waves.findLast((w) => w.mr)?.mr;
  return announcement({ ...state, phase: outcome }, 'rollout.ended', at, { mr, reason, outcome });
}

/** Rollbacks run newest wave first: the last one finished is the lowest wave rolled back. */
function lastRollback(state: RolloutState): MrRef | undefined {
  return state.waves.find((w) => w.phase === 'rolled-back' && w.rollback?.mr)?.rollback?.mr;
}

function announcement(
  state: RolloutState,
  event: AnnouncementEvent,
  at: string,
  about: { wave?: WaveState; mr?: MrRef | undefined; reason?: string | undefined; outcome?: string },
): Announcement {
  const { wave, mr, reason, outcome } = about;
  const first = state.key.indexOf(':');
  const last = state.key.lastIndexOf(':');
  const identity = [state.key, state.digest, state.createdAt, event, wave?.index, mr?.number, outcome];
  return {
    id: createHash('sha256').update(identity.join('\n')).digest('hex').slice(0, 32),
    event,
    at,
    rollout: {
      key: state.key,
      forge: state.key.slice(0, first),
      project: state.key.slice(first + 1, last),
      service: state.service,
      version: state.version,
      phase: state.phase,
    },
    ...(wave
      ? {
          wave: {
            index: wave.index,
            of: state.waves.length,
            batch: wave.batch,
            clusters: wave.clusters.map((c) => c.name),
          },
        }
      : {}),
    ...(mr ? { mr: { number: mr.number, url: mr.url } } : {}),
    ...(state.dashboard ? { dashboard: { ...state.dashboard } } : {}),
    ...(reason ? { reason } : {}),
    ...(outcome ? { outcome } : {}),
  };
}
