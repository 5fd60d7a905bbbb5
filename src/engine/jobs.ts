import { ConflictError, type StateStore } from '../ports/state-store.ts';
import type { CheckRerunEvent, CommentEvent, EventSource, ForgeEvent } from './events.ts';
import { rolloutKey } from './keys.ts';

/**
 * Work a webhook asked for, stored before the webhook is answered (the durable enqueue) and removed
 * once done. A crash in between leaves the job in the store; the next tick (or start) runs it again,
 * and every job is safe to run twice.
 */
export type Job =
  | { kind: 'reconcile'; key: string }
  /** A push to the default branch touched guard/: validate, set guard/request, start/supersede/cancel. */
  | { kind: 'sync'; source: EventSource; sha: string }
  /** An MR that may edit guard/*.yaml: the read-only plan preview. */
  | { kind: 'preview'; source: EventSource; number: number; headSha: string; author: string }
  | { kind: 'command'; event: CommentEvent }
  | { kind: 'rerun'; event: CheckRerunEvent };

export const JOB_PREFIX = 'job/';

/**
 * Why an event cannot concern GUARD. Such events are dropped at ingress (answered 2xx, counted by
 * reason) before any job is made.
 */
export type DropReason =
  /** A push to a branch other than the default: requests count only on the default branch. */
  | 'push-other-branch'
  /** A default-branch push whose listed commits change nothing under guard/. */
  | 'push-outside-guard'
  /** An MR that is not GUARD's was closed or merged: no preview to make. */
  | 'mr-closed'
  /** An MR that is not GUARD's had its title, description or labels edited: its files are unchanged. */
  | 'mr-edited'
  /** A comment without a `/guard` command (or by a bot). */
  | 'comment-not-command'
  /** A re-run of another app's check. */
  | 'check-not-guard';

/**
 * The job an event asks for and the id it is stored under, or why there is none. Ids name what the
 * job is about, so that work for one thing coalesces: every event about one rollout is one
 * `reconcile:<rollout>` job, every update of one MR one `preview:` job, a push one `sync:` job per
 * commit. Commands and re-runs are one job per delivery: each is somebody's request.
 */
export type Triage = { id: string; job: Job } | { drop: DropReason };

/** What a forge event asks GUARD to do, if anything (`deliveryId` names per-delivery jobs). */
export function triage(
  event: ForgeEvent,
  deliveryId: string,
  looksLikeCommand: (body: string) => boolean,
): Triage {
  const source: EventSource = {
    forge: event.forge,
    project: event.project,
    ...(event.installationId !== undefined ? { installationId: event.installationId } : {}),
  };
  const perDelivery = `${event.forge}:${deliveryId}`;
  switch (event.kind) {
    case 'push': {
      if (!event.defaultBranch) return { drop: 'push-other-branch' };
      // Without a complete list of paths (a long push) guard/ may have changed.
      const touched = event.paths === undefined || event.paths.some((p) => p.startsWith('guard/'));
      if (!touched) return { drop: 'push-outside-guard' };
      return {
        id: `sync:${event.forge}:${event.project}@${event.after}`,
        job: { kind: 'sync', source, sha: event.after },
      };
    }
    case 'merge-request': {
      // A fork's branch may carry a GUARD name; it is never a wave or rollback MR, only previewed.
      const service = event.fromFork ? undefined : serviceOfBranch(event.branch);
      if (service) {
        const key = rolloutKey({ forge: event.forge, project: event.project, service });
        return { id: `reconcile:${key}`, job: { kind: 'reconcile', key } };
      }
      if (event.action === 'closed' || event.action === 'merged') return { drop: 'mr-closed' };
      if (event.action === 'edited') return { drop: 'mr-edited' };
      // The hook lists no files: whether the MR touches guard/ takes one API call, in the job.
      return {
        id: `preview:${event.forge}:${event.project}!${event.number}`,
        job: { kind: 'preview', source, number: event.number, headSha: event.headSha, author: event.author },
      };
    }
    case 'comment':
      return !event.authorIsBot && looksLikeCommand(event.body)
        ? { id: perDelivery, job: { kind: 'command', event } }
        : { drop: 'comment-not-command' };
    case 'check-rerun':
      return event.checkName.startsWith('guard/')
        ? { id: perDelivery, job: { kind: 'rerun', event } }
        : { drop: 'check-not-guard' };
  }
}

/**
 * Jobs whose ids name their subject rather than a delivery: a later event about the same subject
 * joins the stored job instead of adding one (level-triggered: the job reads the world afresh).
 */
export const coalesces = (job: Job): boolean => job.kind === 'reconcile' || job.kind === 'preview';

/** The service of a GUARD branch: `guard/<service>/<version>/<batch>` or `guard/rollback/<service>/…`. */
export function serviceOfBranch(branch: string): string | undefined {
  const parts = branch.split('/');
  if (parts[0] !== 'guard') return undefined;
  if (parts[1] === 'rollback' && parts.length === 5) return parts[2];
  return parts.length === 4 ? parts[1] : undefined;
}

/** Stores a job under its id; false when it is already stored (a redelivery, or the same commit, before it ran). */
export async function saveJob(store: StateStore, id: string, job: Job): Promise<boolean> {
  try {
    await store.put(`${JOB_PREFIX}${id}`, job, 0);
    return true;
  } catch (error) {
    if (error instanceof ConflictError) return false;
    throw error;
  }
}

export async function loadJob(
  store: StateStore,
  id: string,
): Promise<{ job: Job; version: number } | undefined> {
  const found = await store.get(`${JOB_PREFIX}${id}`);
  return found && { job: found.value as Job, version: found.version };
}

/** Records a failed try of a job; returns how many tries it has had. */
export async function countJobFailure(
  store: StateStore,
  id: string,
  job: Job,
  version: number,
): Promise<number> {
  const tries = ((job as { tries?: number }).tries ?? 0) + 1;
  await store.put(`${JOB_PREFIX}${id}`, { ...job, tries }, version);
  return tries;
}

export async function removeJob(store: StateStore, id: string, version: number): Promise<void> {
  await store.remove(`${JOB_PREFIX}${id}`, version);
}

export async function pendingJobs(store: StateStore): Promise<string[]> {
  return (await store.list(JOB_PREFIX)).map((k) => k.slice(JOB_PREFIX.length));
}
