import type { GitHubClient } from './client.ts';
import { githubSaid } from './request-error.ts';

/** GUARD's labels (DESIGN section 3) with their colours and descriptions. */
export const GUARD_LABELS = [
  { name: 'guard', color: '5319e7', description: 'Opened by GUARD' },
  { name: 'guard/wave', color: '0e8a16', description: 'A GUARD upgrade wave' },
  { name: 'guard/rollback', color: 'b60205', description: 'A GUARD rollback' },
  { name: 'guard/dashboard', color: '1d76db', description: 'The GUARD rollout dashboard' },
] as const;

/**
 * Creates GUARD's labels that the repository lacks, once (on installation): one request when they
 * exist. Adding a missing label to an MR would create it too, but grey and without a description.
 */
export async function ensureGuardLabels(client: GitHubClient): Promise<string[]> {
  const { data } = await client.rest<{ name: string }[]>('GET /repos/{owner}/{repo}/labels', {
    per_page: 100,
  });
  const have = new Set(data.map((l) => l.name.toLowerCase()));
  const created: string[] = [];
  for (const label of GUARD_LABELS) {
    if (have.has(label.name)) continue;
    try {
      await client.rest('POST /repos/{owner}/{repo}/labels', { ...label });
      created.push(label.name);
    } catch (error) {
      // 422 `already_exists`: another replica made it first.
      if (!githubSaid(error, 422, /^already_exists$/)) throw error;
    }
  }
  return created;
}
