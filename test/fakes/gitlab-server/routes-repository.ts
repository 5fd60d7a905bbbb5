import { createCommit } from './create-commit.ts';
import { branchJson, diffJson, memberJson, projectJson } from './objects.ts';
import { fail, json, paginate, type Route, route } from './router.ts';
import type { TreeEntry } from './types.ts';
import { type FakeWorld, groupAccess } from './world.ts';

function tree(world: FakeWorld, url: URL): Response {
  const commit = world.repo.resolve(url.searchParams.get('ref') ?? world.project.defaultBranch);
  const dir = (url.searchParams.get('path') ?? '').replace(/\/+$/, '');
  if (!commit) return fail(404, '404 Tree Not Found');
  const prefix = dir ? `${dir}/` : '';
  const entries = new Map<string, 'blob' | 'tree'>();
  for (const path of commit.files.keys()) {
    if (!path.startsWith(prefix)) continue;
    const parts = path.slice(prefix.length).split('/');
    const depth = url.searchParams.get('recursive') === 'true' ? parts.length : 1;
    for (let i = 1; i <= depth; i++)
      entries.set(prefix + parts.slice(0, i).join('/'), i === parts.length ? 'blob' : 'tree');
  }
  if (dir && entries.size === 0) return fail(404, '404 Tree Not Found');
  const items = [...entries].sort().map(
    ([path, type]): TreeEntry => ({
      id: `${type}-${path}`,
      name: path.split('/').at(-1) ?? '',
      type,
      path,
      mode: type === 'blob' ? '100644' : '040000',
    }),
  );
  return paginate(items, url);
}

export function repositoryRoutes(): Route[] {
  const P = 'projects/:id';
  return [
    route('GET', P, ({ world }) => json(projectJson(world))),
    route('GET', `${P}/repository/branches/:branch`, ({ world, params }) => {
      const sha = world.repo.branches.get(params.branch!);
      return sha ? json(branchJson(world, params.branch!, sha)) : fail(404, '404 Branch Not Found');
    }),
    route('POST', `${P}/repository/commits`, ({ world, body }) => createCommit(world, body)),
    route('GET', `${P}/repository/commits/:sha/diff`, ({ world, params, url }) => {
      const commit = world.repo.resolve(params.sha!);
      if (!commit) return fail(404, '404 Commit Not Found');
      const paths = world.repo.changedPaths(commit.parents[0], commit.sha);
      return paginate(
        paths.map((path) => diffJson(world, commit.parents[0], commit.sha, path)),
        url,
      );
    }),
    route('GET', `${P}/repository/tree`, ({ world, url }) => tree(world, url)),
    route('GET', `${P}/members/all/:user`, ({ world, params }) => {
      const user = Number(params.user);
      const level =
        world.projectMembers.get(user) ?? groupAccess(world, world.project.path.split('/')[0]!, user);
      const member = level === undefined ? undefined : memberJson(world, user, level);
      return member ? json(member) : fail(404, '404 Member Not Found');
    }),
  ];
}
