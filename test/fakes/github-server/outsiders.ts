import type { Thread } from '../../../src/ports/forge.ts';
import type { FakeGitHubState } from './state.ts';

/**
 * What accounts other than GUARD's App do on the fake GitHub, for tests that GUARD never adopts
 * their work: anyone who can comment can copy a hidden marker, and anyone can fork the repository
 * and name a branch like GUARD's. A login ending in `[bot]` is another App's bot.
 */

/** `login` comments on a pull request or issue; returns the comment id. */
export function postAs(s: FakeGitHubState, login: string, on: Thread, body: string): number {
  if (!s.issues.has(on.number) && !s.pulls.has(on.number))
    throw new Error(`the fake GitHub has no issue or pull #${on.number} to comment on`);
  const id = s.nextId();
  s.comments.push({ id, issue: on.number, author: login, body, reactions: [], createdAt: s.iso() });
  return id;
}

/** `login` opens an issue (labelled, as a triager may); returns its number. */
export function openIssueAs(
  s: FakeGitHubState,
  login: string,
  issue: { title: string; body: string; labels: readonly string[] },
): number {
  const number = s.nextNumber();
  s.issues.set(number, { number, title: issue.title, body: issue.body, state: 'open', author: login });
  for (const label of issue.labels) s.addLabel(label);
  s.labelsOf.set(number, [...issue.labels]);
  return number;
}

/**
 * A pull request into the default branch from `branch` of a fork (`forkOwner/forkRepo`, by default
 * the user's own `<user>/<repo>`), whose head carries `files` on top of the default branch.
 */
export function openForkPull(
  s: FakeGitHubState,
  input: {
    user: string;
    branch: string;
    files: Record<string, string>;
    fork?: { owner: string; repo: string };
  },
): number {
  const base = s.git.refs.get(s.defaultBranch);
  if (!base) throw new Error('seed the fake GitHub before opening a fork pull request');
  const files = new Map(s.git.files(base));
  for (const [path, text] of Object.entries(input.files)) files.set(path, text);
  const head = s.git.putCommit({
    tree: s.git.putTree(files),
    parents: [base],
    message: 'from a fork',
    date: s.iso(),
  });
  const number = s.nextNumber();
  s.pulls.set(number, {
    number,
    title: `${input.user}'s change`,
    body: 'from a fork',
    head: input.branch,
    base: s.defaultBranch,
    state: 'open',
    mergedAt: null,
    mergeSha: null,
    author: input.user,
    createdAt: s.iso(),
    fork: { ...(input.fork ?? { owner: input.user, repo: s.repo }), sha: head.sha },
  });
  return number;
}
