import { createFakeRepo, type FakeRepo } from './repo.ts';
import type { CommitStatus, UserBasic } from './types.ts';

export interface FakeMergeRequest {
  id: number;
  iid: number;
  source_branch: string;
  target_branch: string;
  title: string;
  description: string;
  state: 'opened' | 'closed' | 'merged';
  labels: string[];
  author: string;
  created_at: string;
  updated_at: string;
  merged_at: string | null;
  closed_at: string | null;
  merge_commit_sha: string | null;
  /** Head and base of the diff, frozen when merged. */
  merged_refs?: { base: string | undefined; head: string };
  /** An MR from a fork: the fork's project id and the head commit of its branch there. */
  fork?: { projectId: number; head: string };
}

export interface FakeNote {
  id: number;
  body: string;
  author: string;
  system: boolean;
  created_at: string;
  awards: { name: string; user: string }[];
}

export interface FakeStatus {
  id: number;
  sha: string;
  name: string;
  ref: string;
  status: CommitStatus['status'];
  description: string | null;
  target_url: string | null;
  pipeline_id: number;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export interface FakePipeline {
  id: number;
  iid: number;
  sha: string;
  ref: string;
  status: string;
  source: string;
  created_at: string;
  updated_at: string;
}

export interface FakeIssue {
  iid: number;
  title: string;
  description: string;
  labels: string[];
  state: 'opened' | 'closed';
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  /** Username of who opened it. */
  author: string;
}

/** A thread on a commit: its id is GitLab's 40-hex discussion id. */
export interface FakeDiscussion {
  id: string;
  notes: FakeNote[];
}

/** Everything the fake GitLab holds for one project and the people around it. */
export interface FakeWorld {
  /** GitLab's base URL, with a self-managed path prefix when there is one (`https://example.com/gitlab`). */
  host: string;
  project: { id: number; path: string; visibility: 'private' | 'public'; defaultBranch: string };
  /** The token's user: author of everything the adapter creates. */
  botUser: string;
  repo: FakeRepo;
  mergeRequests: FakeMergeRequest[];
  /** By thread: `mr:<iid>` or `issue:<iid>`. */
  notes: Map<string, FakeNote[]>;
  /** Threads on commits, by full sha. */
  commitDiscussions: Map<string, FakeDiscussion[]>;
  statuses: FakeStatus[];
  pipelines: FakePipeline[];
  issues: FakeIssue[];
  users: { id: number; username: string }[];
  /** Project members by user id: GitLab access level. */
  projectMembers: Map<number, number>;
  /** Groups by full path: direct members (user id → access level). */
  groups: Map<string, { id: number; members: Map<number, number> }>;
  sharedWithGroups: string[];
  now: () => number;
  nextId: () => number;
}

export function createWorld(input: { host: string; projectPath: string; now: () => number }): FakeWorld {
  let id = 1000;
  return {
    host: input.host.replace(/\/+$/, ''),
    project: { id: 42, path: input.projectPath, visibility: 'private', defaultBranch: 'main' },
    botUser: 'guard-bot',
    repo: createFakeRepo(input.now),
    mergeRequests: [],
    notes: new Map(),
    commitDiscussions: new Map(),
    statuses: [],
    pipelines: [],
    issues: [],
    users: [{ id: 1, username: 'guard-bot' }],
    projectMembers: new Map([[1, 40]]),
    groups: new Map(),
    sharedWithGroups: [],
    now: input.now,
    nextId: () => ++id,
  };
}

export function isoNow(world: FakeWorld): string {
  return new Date(world.now()).toISOString();
}

/** The project's page, under GitLab's path prefix when it has one (`<host>/<full path>`). */
export function projectWebUrl(world: FakeWorld): string {
  return `${world.host}/${world.project.path}`;
}

export function userId(world: FakeWorld, username: string): number {
  const found = world.users.find((u) => u.username === username);
  if (found) return found.id;
  const id = world.users.length + 1;
  world.users.push({ id, username });
  return id;
}

/** GitLab's basic user object, as it nests an author in notes, issues and MRs. */
export function authorJson(world: FakeWorld, username: string): UserBasic {
  return {
    id: userId(world, username),
    username,
    name: username,
    state: 'active',
    locked: false,
    avatar_url: null,
    web_url: `${world.host}/${username}`,
  };
}

/** Ensures a group and its ancestors exist; returns the group. */
export function group(world: FakeWorld, fullPath: string) {
  const parts = fullPath.split('/');
  for (let i = 1; i <= parts.length; i++) {
    const path = parts.slice(0, i).join('/');
    if (!world.groups.has(path)) world.groups.set(path, { id: world.nextId(), members: new Map() });
  }
  return world.groups.get(fullPath)!;
}

/** A member of a group, directly or through one of its ancestors (`members/all`). */
export function groupAccess(world: FakeWorld, fullPath: string, user: number): number | undefined {
  const parts = fullPath.split('/');
  for (let i = parts.length; i >= 1; i--) {
    const level = world.groups.get(parts.slice(0, i).join('/'))?.members.get(user);
    if (level !== undefined) return level;
  }
  return undefined;
}

export function mrHead(world: FakeWorld, mr: FakeMergeRequest): string {
  return mr.merged_refs?.head ?? mr.fork?.head ?? world.repo.branches.get(mr.source_branch) ?? '';
}

/** Merges an MR's source into its target with a merge commit, as GitLab's merge button does. */
export function mergeInto(world: FakeWorld, mr: FakeMergeRequest): void {
  const { repo } = world;
  const head = mrHead(world, mr);
  const target = repo.branches.get(mr.target_branch)!;
  const base = repo.mergeBase(target, head);
  const files = new Map(repo.commits.get(target)!.files);
  const source = repo.commits.get(head)!.files;
  for (const path of repo.changedPaths(base, head)) {
    const content = source.get(path);
    if (content === undefined) files.delete(path);
    else files.set(path, content);
  }
  const merge = repo.commit({
    parents: [target, head],
    files,
    message: `Merge branch '${mr.source_branch}' into '${mr.target_branch}'`,
    author: world.botUser,
  });
  repo.branches.set(mr.target_branch, merge.sha);
  Object.assign(mr, {
    state: 'merged',
    merged_at: isoNow(world),
    updated_at: isoNow(world),
    merge_commit_sha: merge.sha,
    merged_refs: { base, head },
  });
}
