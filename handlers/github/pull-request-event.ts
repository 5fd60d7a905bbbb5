import type { Context } from 'probot';
import type { MergeRequestEvent } from '../../src/engine/events.ts';
import { ignored, type Translation } from '../http/translation.ts';
import { installationId } from './installation-id.ts';

const ACTIONS: Record<string, MergeRequestEvent['action']> = {
  opened: 'opened',
  synchronize: 'updated',
  reopened: 'reopened',
  edited: 'edited',
};

/**
 * A GitHub pull_request delivery as a merge-request event. `closed` is `merged` when the pull
 * request was merged; `edited` with a new base branch (`changes.base`) is `updated`, as the files
 * it merges changed; labels, reviews, assignments and the rest are ignored. A head repository of
 * `null` is a deleted fork, still a fork.
 */
export function pullRequestEvent(payload: Context<'pull_request'>['payload']): Translation {
  const pr = payload.pull_request;
  const action = actionOf(payload);
  if (!action) return ignored(`pull_request action ${payload.action}`);
  return {
    event: {
      kind: 'merge-request',
      forge: 'github',
      project: payload.repository.full_name,
      installationId: installationId(payload),
      action,
      number: pr.number,
      branch: pr.head.ref,
      target: pr.base.ref,
      headSha: pr.head.sha,
      author: pr.user?.login ?? payload.sender?.login ?? '',
      fromFork: pr.head.repo?.full_name !== pr.base.repo.full_name,
    },
  };
}

function actionOf(payload: Context<'pull_request'>['payload']): MergeRequestEvent['action'] | undefined {
  if (payload.action === 'closed') return payload.pull_request.merged ? 'merged' : 'closed';
  if (payload.action === 'edited' && (payload as { changes?: { base?: unknown } }).changes?.base)
    return 'updated';
  return ACTIONS[payload.action];
}
