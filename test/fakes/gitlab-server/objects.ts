import type { FakeCommit } from './repo.ts';
import type { Branch, Commit, Diff, Member, Project } from './types.ts';
import { authorJson, type FakeWorld, isoNow, projectWebUrl } from './world.ts';

/** The repository's objects as GitLab's REST API answers them (shapes: types.ts). */

export function commitJson(world: FakeWorld, commit: FakeCommit): Commit {
  const [title = ''] = commit.message.split('\n');
  return {
    id: commit.sha,
    short_id: commit.sha.slice(0, 8),
    title,
    message: commit.message,
    parent_ids: commit.parents,
    author_name: commit.authorName,
    author_email: `${commit.authorName}@example.com`,
    authored_date: commit.createdAt,
    committer_name: commit.authorName,
    committer_email: `${commit.authorName}@example.com`,
    committed_date: commit.createdAt,
    created_at: commit.createdAt,
    trailers: {},
    extended_trailers: {},
    web_url: `${projectWebUrl(world)}/-/commit/${commit.sha}`,
  };
}

export function projectJson(world: FakeWorld): Project {
  const namespace = world.project.path.split('/').slice(0, -1).join('/');
  const name = world.project.path.split('/').at(-1) ?? '';
  return {
    id: world.project.id,
    name,
    name_with_namespace: world.project.path.split('/').join(' / '),
    path: name,
    path_with_namespace: world.project.path,
    default_branch: world.project.defaultBranch,
    visibility: world.project.visibility,
    web_url: projectWebUrl(world),
    http_url_to_repo: `${projectWebUrl(world)}.git`,
    namespace: {
      id: 7,
      name: namespace.split('/').at(-1) ?? '',
      path: namespace.split('/').at(-1) ?? '',
      kind: 'group',
      full_path: namespace,
      web_url: `${world.host}/groups/${namespace}`,
    },
    shared_with_groups: world.sharedWithGroups.map((path) => ({
      group_id: world.groups.get(path)?.id ?? 0,
      group_name: path.split('/').at(-1) ?? '',
      group_full_path: path,
      group_access_level: 30,
      expires_at: null,
    })),
  };
}

export function branchJson(world: FakeWorld, name: string, sha: string): Branch {
  return {
    name,
    merged: false,
    protected: name === world.project.defaultBranch,
    default: name === world.project.defaultBranch,
    developers_can_push: false,
    developers_can_merge: false,
    can_push: true,
    web_url: `${projectWebUrl(world)}/-/tree/${encodeURIComponent(name)}`,
    commit: commitJson(world, world.repo.commits.get(sha)!),
  };
}

export function memberJson(world: FakeWorld, user: number, level: number): Member | undefined {
  const username = world.users.find((u) => u.id === user)?.username;
  if (!username) return undefined;
  return { ...authorJson(world, username), access_level: level, created_at: isoNow(world), expires_at: null };
}

export function diffJson(world: FakeWorld, from: string | undefined, to: string, path: string): Diff {
  const before = from ? world.repo.commits.get(from)?.files.get(path) : undefined;
  const after = world.repo.commits.get(to)?.files.get(path);
  return {
    diff: `@@ -1 +1 @@\n-${before ?? ''}\n+${after ?? ''}`,
    new_path: path,
    old_path: path,
    a_mode: before === undefined ? '0' : '100644',
    b_mode: after === undefined ? '0' : '100644',
    new_file: before === undefined,
    renamed_file: false,
    deleted_file: after === undefined,
    generated_file: false,
  };
}
