import { z } from 'zod';
import type { MergeRequestEvent } from '../../src/engine/events.ts';
import { ignored, type Translation } from '../http/translation.ts';

const MergeRequestHook = z.object({
  user: z.object({ username: z.string() }),
  project: z.object({ path_with_namespace: z.string() }),
  object_attributes: z.object({
    iid: z.number().int(),
    action: z.string().optional(),
    source_branch: z.string(),
    target_branch: z.string(),
    source_project_id: z.number().int(),
    target_project_id: z.number().int(),
    oldrev: z.string().nullish(),
    last_commit: z.object({ id: z.string() }).nullish(),
  }),
  changes: z.record(z.string(), z.unknown()).nullish(),
});

/**
 * Attributes whose change leaves what the MR merges as it was. GitLab lists the changed attributes
 * in `changes`; a changed target branch shows as `target_branch`, but older GitLab sends only
 * `merge_status` then (gitlab-org/gitlab#224610), so anything outside this list counts as an update.
 */
const COSMETIC = new Set([
  'title',
  'description',
  'labels',
  'assignees',
  'reviewers',
  'milestone_id',
  'draft',
  'work_in_progress',
  'updated_at',
  'updated_by_id',
  'last_edited_at',
  'last_edited_by_id',
  'time_estimate',
  'total_time_spent',
  'time_change',
  'discussion_locked',
]);

const ACTIONS: Record<string, MergeRequestEvent['action']> = {
  open: 'opened',
  reopen: 'reopened',
  close: 'closed',
  merge: 'merged',
};

/**
 * A GitLab Merge Request Hook as a merge-request event. GitLab sends `update` both for new commits
 * (then `oldrev` names the previous head) and for other changes: an edit of title, description or
 * labels is `edited`; a new target branch (or a change the payload does not name) is `updated`, as
 * it may change the MR's files. Approvals and the like are ignored. The payload names only the
 * acting user, not the MR's author by name, so `author` is the actor (the author, for `opened`).
 */
export function mergeRequestHookEvent(payload: unknown): Translation {
  const hook = MergeRequestHook.parse(payload);
  const mr = hook.object_attributes;
  const cosmetic = !!hook.changes && Object.keys(hook.changes).every((name) => COSMETIC.has(name));
  const action =
    mr.action === 'update' ? (mr.oldrev || !cosmetic ? 'updated' : 'edited') : ACTIONS[mr.action ?? ''];
  if (!action) return ignored(`merge request action ${mr.action ?? '(none)'}`);
  return {
    event: {
      kind: 'merge-request',
      forge: 'gitlab',
      project: hook.project.path_with_namespace,
      action,
      number: mr.iid,
      branch: mr.source_branch,
      target: mr.target_branch,
      // A merge request without commits has no head; the engine reads the MR itself anyway.
      headSha: mr.last_commit?.id ?? '',
      author: hook.user.username,
      fromFork: mr.source_project_id !== mr.target_project_id,
    },
  };
}
