import type { Permission } from '../../../src/ports/forge.ts';
import type { GitHubClient } from './client.ts';
import { TEAMS } from './graphql-documents.ts';

const NAMES: readonly Permission[] = ['none', 'read', 'triage', 'write', 'maintain', 'admin'];

/**
 * The collaborator's role. `role_name` carries triage and maintain (and custom roles, which fall back
 * to the base `permission`); a user GitHub does not know has no permission.
 */
export async function permission(client: GitHubClient, login: string): Promise<Permission> {
  try {
    const { data } = await client.rest<{ permission: string; role_name?: string }>(
      'GET /repos/{owner}/{repo}/collaborators/{username}/permission',
      { username: login },
    );
    const role = NAMES.find((n) => n === data.role_name) ?? NAMES.find((n) => n === data.permission);
    return role ?? 'none';
  } catch (error) {
    if ((error as { status?: number }).status === 404) return 'none';
    throw error;
  }
}

interface TeamsPage {
  organization: {
    teams: { nodes: { slug: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
  } | null;
}

/** The repository owner's teams the user belongs to, as `org/slug`; none when the owner is a user. */
export async function teamsOf(client: GitHubClient, login: string): Promise<string[]> {
  const teams: string[] = [];
  let after: string | null = null;
  do {
    const data: TeamsPage = await client.graphql<TeamsPage>(TEAMS, { org: client.owner, login, after });
    if (!data.organization) return [];
    teams.push(...data.organization.teams.nodes.map((t) => `${client.owner}/${t.slug}`));
    after = data.organization.teams.pageInfo.hasNextPage ? data.organization.teams.pageInfo.endCursor : null;
  } while (after);
  return teams;
}
