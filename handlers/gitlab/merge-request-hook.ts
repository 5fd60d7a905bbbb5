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
});

const ACTIONS: Record<string, MergeRequestEvent['action']> = {
  open: 'opened',
  reopen: 'reopened',
  close: 'closed',
  merge: 'merged',
};

/**
 * A GitLab Merge Request Hook as a merge-request event. GitLab sends `update` both for new commits
 * (then `oldrev` names the previous head) and for edits of title, description or labels (no
 * `oldrev`); approvals and the like are ignored. The payload names only the acting user, not the
 * MR's author by name, so `author` is the actor (the author, for `opened`).
 */
export function mergeRequestHookEvent(payload: unknown): Translation {
  const hook = MergeRequestHook.parse(payload);
  const mr = hook.object_attributes;
  const action = mr.action === 'update' ? (mr.oldrev ? 'updated' : 'edited') : ACTIONS[mr.action ?? ''];
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
