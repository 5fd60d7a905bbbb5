import { z } from 'zod';
import { ignored, type Translation } from '../http/translation.ts';
import { isGitLabBot } from './gitlab-bots.ts';

const NoteHook = z.object({
  user: z.object({ username: z.string(), bot: z.boolean().optional() }),
  project: z.object({ path_with_namespace: z.string() }),
  object_attributes: z.object({
    id: z.number().int(),
    note: z.string(),
    noteable_type: z.string(),
    system: z.boolean().optional(),
    action: z.string().optional(),
  }),
  merge_request: z.object({ iid: z.number().int(), source_branch: z.string() }).optional(),
  issue: z.object({ iid: z.number().int(), description: z.string().nullish() }).optional(),
});

/**
 * A GitLab Note Hook as a comment event, for new human comments on merge requests and issues only.
 * Since GitLab 16.11 edits are delivered too, marked `object_attributes.action: update`; earlier
 * versions sent no `action` and no edits, so a missing action means a new note. System notes
 * ("changed the description", …) and bots' notes are ignored: a command is only ever a person's.
 */
export function noteHookEvent(payload: unknown, extraBots?: ReadonlySet<string>): Translation {
  const hook = NoteHook.parse(payload);
  const note = hook.object_attributes;
  if (note.action !== undefined && note.action !== 'create') return ignored(`note ${note.action}`);
  if (note.system) return ignored('system note', 'by-bot');
  if (isGitLabBot(hook.user, extraBots)) return ignored('bot author', 'by-bot');
  const base = {
    kind: 'comment' as const,
    forge: 'gitlab' as const,
    project: hook.project.path_with_namespace,
    commentId: note.id,
    body: note.note,
    author: hook.user.username,
    authorIsBot: false,
  };
  if (note.noteable_type === 'MergeRequest' && hook.merge_request) {
    const mr = hook.merge_request;
    return { event: { ...base, on: { kind: 'mr', number: mr.iid }, mrBranch: mr.source_branch } };
  }
  if (note.noteable_type === 'Issue' && hook.issue) {
    const issue = hook.issue;
    return {
      event: { ...base, on: { kind: 'issue', number: issue.iid }, issueBody: issue.description ?? '' },
    };
  }
  return ignored(`note on ${note.noteable_type}`);
}
