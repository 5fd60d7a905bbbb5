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

/** What a forge event asks GUARD to do, if anything. */
export function jobFor(event: ForgeEvent, looksLikeCommand: (body: string) => boolean): Job | undefined {
  const source: EventSource = {
    forge: event.forge,
    project: event.project,
    ...(event.installationId !== undefined ? { installationId: event.installationId } : {}),
  };
  switch (event.kind) {
    case 'push': {
      const touched = event.paths === undefined || event.paths.some((p) => p.startsWith('guard/'));
      return event.defaultBranch && touched ? { kind: 'sync', source, sha: event.after } : undefined;
    }
    case 'merge-request': {
      // A fork's branch may carry a GUARD name; it is never a wave or rollback MR, only previewed.
      const service = event.fromFork ? undefined : serviceOfBranch(event.branch);
      if (service)
        return {
          kind: 'reconcile',
          key: rolloutKey({ forge: event.forge, project: event.project, service }),
        };
      if (event.action === 'closed' || event.action === 'merged') return undefined;
      return { kind: 'preview', source, number: event.number, headSha: event.headSha, author: event.author };
    }
    case 'comment':
      return !event.authorIsBot && looksLikeCommand(event.body) ? { kind: 'command', event } : undefined;
    case 'check-rerun':
      return event.checkName.startsWith('guard/') ? { kind: 'rerun', event } : undefined;
  }
}

/** The service of a GUARD branch: `guard/<service>/<version>/<batch>` or `guard/rollback/<service>/…`. */
export function serviceOfBranch(branch: string): string | undefined {
  const parts = branch.split('/');
  if (parts[0] !== 'guard') return undefined;
  if (parts[1] === 'rollback' && parts.length === 5) return parts[2];
  return parts.length === 4 ? parts[1] : undefined;
}

/** Stores a job under its id; false when it is already stored (a redelivery before it ran). */
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
