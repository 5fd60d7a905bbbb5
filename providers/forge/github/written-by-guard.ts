import type { GitHubClient } from './client.ts';

/** The authorship fields GitHub gives comments, issues and pull requests. */
export interface Authored {
  user?: { type?: string } | null;
  performed_via_github_app?: { id?: number } | null;
}

/**
 * Whether GUARD wrote a comment or issue, so that only its own work is ever adopted and edited:
 * anyone who may comment can copy a hidden marker, and an App may edit other people's comments.
 * With the App's id known (the server always passes it), the item must have been made through this
 * App. Without it, the author must at least be a bot account: a person's copy is refused, but
 * another App's would pass, so give `appId` wherever it is known.
 */
export function writtenByGuard(client: GitHubClient, item: Authored): boolean {
  if (client.appId !== undefined) return item.performed_via_github_app?.id === client.appId;
  return item.user?.type === 'Bot';
}
