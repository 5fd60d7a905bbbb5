import type { FakeCommit } from './repo.ts';
import { fail, json, paginate, type Route, route } from './router.ts';
import { type FakeWorld, groupAccess } from './world.ts';

export function commitJson(world: FakeWorld, commit: FakeCommit) {
  const [title = ''] = commit.message.split('\n');
  return {
    id: commit.sha,
    short_id: commit.sha.slice(0, 8),
    title,
    message: commit.message,
    parent_ids: commit.parents,
    author_name: commit.authorName,
    author_email: `${commit.authorName}@example.com`,
    committer_name: commit.authorName,
    committer_email: `${commit.authorName}@example.com`,
    created_at: commit.createdAt,
    authored_date: commit.createdAt,
    committed_date: commit.createdAt,
    web_url: `${world.host}/${world.project.path}/-/commit/${commit.sha}`,
  };
}

export function projectJson(world: FakeWorld) {
  const namespace = world.project.path.split('/').slice(0, -1).join('/');
  return {
    id: world.project.id,
    name: world.project.path.split('/').at(-1),
    path_with_namespace: world.project.path,
    default_branch: world.project.defaultBranch,
    visibility: world.project.visibility,
    web_url: `${world.host}/${world.project.path}`,
    namespace: { id: 7, kind: 'group', full_path: namespace, path: namespace.split('/').at(-1) },
    shared_with_groups: world.sharedWithGroups.map((path) => ({
      group_id: world.groups.get(path)?.id,
      group_name: path.split('/').at(-1),
      group_full_path: path,
      group_access_level: 30,
    })),
  };
}

interface Action {
  action: string;
  file_path: string;
  content?: string;
  last_commit_id?: string;
}

/** POST …/repository/commits, with GitLab's refusals: existing branch, changed file, wrong action. */
function createCommit(world: FakeWorld, body: Record<string, unknown>): Response {
  const { repo } = world;
  const branch = String(body.branch);
  const startSha = body.start_sha as string | undefined;
  const head = repo.branches.get(branch);
  if (head && !body.force && startSha && startSha !== head) {
    return fail(
      400,
      `A branch called '${branch}' already exists. Switch to that branch in order to make changes`,
    );
  }
  const parentSha = body.force || !head ? (startSha ?? repo.branches.get(String(body.start_branch))) : head;
  const parent = parentSha ? repo.resolve(parentSha) : undefined;
  if (!parent) return fail(400, 'You can only create or edit files when you are on a branch');
  const files = new Map(parent.files);
  for (const action of (body.actions ?? []) as Action[]) {
    if (
      action.last_commit_id &&
      head &&
      repo.lastCommitFor(head, action.file_path) !== action.last_commit_id
    ) {
      return fail(400, `The file has changed since you started editing it: ${action.file_path}`);
    }
    const exists = files.has(action.file_path);
    if (action.action === 'create' && exists) return fail(400, 'A file with this name already exists');
    if (action.action !== 'create' && !exists) return fail(400, "A file with this name doesn't exist");
    if (action.action === 'delete') files.delete(action.file_path);
    else files.set(action.file_path, action.content ?? '');
  }
  const commit = repo.commit({
    parents: [parent.sha],
    files,
    message: String(body.commit_message),
    author: world.botUser,
  });
  repo.branches.set(branch, commit.sha);
  return json(commitJson(world, commit), 201);
}

function tree(world: FakeWorld, url: URL): Response {
  const commit = world.repo.resolve(url.searchParams.get('ref') ?? world.project.defaultBranch);
  const dir = (url.searchParams.get('path') ?? '').replace(/\/+$/, '');
  if (!commit) return fail(404, '404 Tree Not Found');
  const prefix = dir ? `${dir}/` : '';
  const entries = new Map<string, string>();
  for (const path of commit.files.keys()) {
    if (!path.startsWith(prefix)) continue;
    const parts = path.slice(prefix.length).split('/');
    const depth = url.searchParams.get('recursive') === 'true' ? parts.length : 1;
    for (let i = 1; i <= depth; i++)
      entries.set(prefix + parts.slice(0, i).join('/'), i === parts.length ? 'blob' : 'tree');
  }
  if (dir && entries.size === 0) return fail(404, '404 Tree Not Found');
  const items = [...entries].sort().map(([path, type]) => ({
    id: `${type}-${path}`,
    name: path.split('/').at(-1),
    type,
    path,
    mode: type === 'blob' ? '100644' : '040000',
  }));
  return paginate(items, url);
}

export function repositoryRoutes(): Route[] {
  const P = 'projects/:id';
  return [
    route('GET', P, ({ world }) => json(projectJson(world))),
    route('GET', `${P}/repository/branches/:branch`, ({ world, params }) => {
      const sha = world.repo.branches.get(params.branch!);
      if (!sha) return fail(404, '404 Branch Not Found');
      const commit = commitJson(world, world.repo.commits.get(sha)!);
      return json({
        name: params.branch,
        merged: false,
        protected: false,
        default: params.branch === world.project.defaultBranch,
        commit,
      });
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
      if (level === undefined) return fail(404, '404 Member Not Found');
      const username = world.users.find((u) => u.id === user)?.username;
      return json({ id: user, username, access_level: level, state: 'active' });
    }),
  ];
}

export function diffJson(world: FakeWorld, from: string | undefined, to: string, path: string) {
  const before = from ? world.repo.commits.get(from)?.files.get(path) : undefined;
  const after = world.repo.commits.get(to)?.files.get(path);
  return {
    old_path: path,
    new_path: path,
    new_file: before === undefined,
    deleted_file: after === undefined,
    renamed_file: false,
    diff: `@@ -1 +1 @@\n-${before ?? ''}\n+${after ?? ''}`,
  };
}
