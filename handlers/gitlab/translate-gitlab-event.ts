import { ignored, type Translation } from '../http/translation.ts';
import { mergeRequestHookEvent } from './merge-request-hook.ts';
import { noteHookEvent } from './note-hook.ts';
import { pushHookEvent } from './push-hook.ts';

/**
 * The forge event a GitLab delivery means, by its `X-Gitlab-Event` header. Only the three hooks
 * GUARD acts on are read; every other hook (tags, pipelines, confidential notes, system hooks, …)
 * is ignored. Throws a ZodError when a known hook's payload lacks a field GUARD needs.
 */
export function translateGitLabEvent(
  eventHeader: string | undefined,
  payload: unknown,
  extraBots?: ReadonlySet<string>,
): Translation {
  switch (eventHeader) {
    case 'Push Hook':
      return pushHookEvent(payload);
    case 'Merge Request Hook':
      return mergeRequestHookEvent(payload);
    case 'Note Hook':
      return noteHookEvent(payload, extraBots);
    default:
      return ignored(`event ${eventHeader ?? '(none)'}`);
  }
}
