import type { Permission } from '../../../src/ports/forge.ts';
import type { GitLabContext } from './context.ts';
import { isGitLabError } from './gitlab-api-error.ts';

/**
 * A GitLab access level on GUARD's permission scale (GitHub's names): Owner (50) → admin, Maintainer
 * (40) → maintain, Developer (30) → write, Reporter (20) and Guest (10) → read, Minimal access (5)
 * and No access (0) → none. Levels between the named ones count as the lower role, so an unknown
 * future role never gains more than the role below it.
 */
export function permissionFor(accessLevel: number): Permission {
  if (accessLevel >= 50) return 'admin';
  if (accessLevel >= 40) return 'maintain';
  if (accessLevel >= 30) return 'write';
  if (accessLevel >= 10) return 'read';
  return 'none';
}

async function userId(ctx: GitLabContext, login: string): Promise<number | undefined> {
  const users = await ctx.gl.Users.all({ username: login });
  return users.find((user) => user.username.toLowerCase() === login.toLowerCase())?.id;
}

/** The member, inherited memberships included (`…/members/all/:user_id`), or undefined for a 404. */
async function memberOf(find: () => Promise<unknown>) {
  try {
    return (await find()) as { access_level: number; state?: string };
  } catch (error) {
    if (isGitLabError(error, 404)) return undefined;
    throw error;
  }
}

/**
 * The user's access level on the project, inherited ones included (`members/all`). A non-member
 * reads a public project, as on GitHub, and nothing else.
 */
export async function permission(ctx: GitLabContext, login: string): Promise<Permission> {
  const id = await userId(ctx, login);
  if (id === undefined) return 'none';
  const member = await memberOf(() =>
    ctx.gl.ProjectMembers.show(ctx.project, id, { includeInherited: true }),
  );
  if (member && member.state !== 'blocked') return permissionFor(member.access_level);
  const project = await ctx.projectInfo();
  return project.visibility === 'public' ? 'read' : 'none';
}

/** "a/b/c" → ["a", "a/b", "a/b/c"]. */
function ancestry(fullPath: string): string[] {
  const parts = fullPath.split('/');
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

/**
 * Groups the user belongs to, among those that matter for this project: its namespace's groups and
 * the groups it is shared with. `/users/:id/memberships` would list every group, but only an
 * administrator may call it, and GUARD runs on a project or group access token; group member
 * lookups work with those wherever the token can see the group.
 */
export async function teamsOf(ctx: GitLabContext, login: string): Promise<string[]> {
  const id = await userId(ctx, login);
  if (id === undefined) return [];
  const project = await ctx.projectInfo();
  const own = project.namespace.kind === 'group' ? ancestry(project.namespace.full_path) : [];
  const shared = (project.shared_with_groups ?? []).map((group) => group.group_full_path);
  const candidates = [...new Set([...own, ...shared])];
  const teams: string[] = [];
  for (const group of candidates) {
    const member = await memberOf(() => ctx.gl.GroupMembers.show(group, id, { includeInherited: true }));
    if (member) teams.push(group);
  }
  return teams.sort();
}
