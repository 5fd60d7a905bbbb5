import type { Thread } from '../../../src/ports/forge.ts';
import { type FakeWorld, isoNow, userId } from './world.ts';

/**
 * What people other than GUARD's token do on the fake GitLab, for tests that GUARD never adopts
 * their work: anyone who can comment can copy a hidden marker, and anyone can fork the project and
 * name a branch like GUARD's.
 */

/** `user` comments on an MR or issue; returns the note id. */
export function postAs(world: FakeWorld, user: string, on: Thread, body: string): number {
  const key = `${on.kind}:${on.number}`;
  const exists =
    on.kind === 'mr'
      ? world.mergeRequests.some((m) => m.iid === on.number)
      : world.issues.some((i) => i.iid === on.number);
  if (!exists) throw new Error(`the fake GitLab has no ${key} to comment on`);
  userId(world, user);
  const id = world.nextId();
  const notes = world.notes.get(key) ?? [];
  notes.push({ id, body, author: user, system: false, created_at: isoNow(world), awards: [] });
  world.notes.set(key, notes);
  return id;
}

/** `user` opens an issue (labelled, as someone with Reporter access may); returns its iid. */
export function openIssueAs(
  world: FakeWorld,
  user: string,
  issue: { title: string; body: string; labels: readonly string[] },
): number {
  userId(world, user);
  const iid = world.issues.length + 1;
  world.issues.push({
    iid,
    title: issue.title,
    description: issue.body,
    labels: [...issue.labels],
    state: 'opened',
    created_at: isoNow(world),
    updated_at: isoNow(world),
    closed_at: null,
    author: user,
  });
  return iid;
}

/** `user` opens an MR from `branch` of their fork (its files: the default branch plus `files`). */
export function openForkMergeRequest(
  world: FakeWorld,
  input: { user: string; branch: string; files: Record<string, string> },
): number {
  const base = world.repo.resolve(world.project.defaultBranch);
  if (!base) throw new Error('seed the fake GitLab before opening a fork MR');
  const head = world.repo.commit({
    parents: [base.sha],
    files: new Map([...base.files, ...Object.entries(input.files)]),
    message: 'from a fork',
    author: input.user,
  });
  const iid = world.mergeRequests.length + 1;
  world.mergeRequests.push({
    id: world.nextId(),
    iid,
    source_branch: input.branch,
    target_branch: world.project.defaultBranch,
    title: `${input.user}'s change`,
    description: 'from a fork',
    state: 'opened',
    labels: [],
    author: input.user,
    created_at: isoNow(world),
    updated_at: isoNow(world),
    merged_at: null,
    closed_at: null,
    merge_commit_sha: null,
    fork: { projectId: world.project.id + 1000 + userId(world, input.user), head: head.sha },
  });
  return iid;
}
