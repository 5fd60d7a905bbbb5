import type { FakeGitHubState, FakePull } from './state.ts';

/** The commit where the pull's branch left its base. */
function mergeBase(s: FakeGitHubState, pull: FakePull): string | undefined {
  const onBase = s.git.ancestors(s.git.refs.get(pull.base));
  let sha: string | undefined = s.pullHead(pull);
  while (sha && !onBase.has(sha)) sha = s.git.commits.get(sha)?.parents[0];
  return sha;
}

/** Paths whose text differs between the merge base and the pull's head. */
export function changedPaths(s: FakeGitHubState, pull: FakePull): string[] {
  const before = s.git.files(mergeBase(s, pull) ?? '') ?? new Map<string, string>();
  const after = s.git.files(s.pullHead(pull)) ?? new Map<string, string>();
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((p) => before.get(p) !== after.get(p)).sort();
}

/** Line counts of a text change, as a diff would count them (a multiset of lines). */
function lineChanges(before: string | undefined, after: string | undefined) {
  const count = (text: string | undefined) => {
    const lines = new Map<string, number>();
    for (const line of text?.split('\n') ?? []) lines.set(line, (lines.get(line) ?? 0) + 1);
    return lines;
  };
  const a = count(before);
  const b = count(after);
  let additions = 0;
  let deletions = 0;
  for (const [line, n] of b) additions += Math.max(0, n - (a.get(line) ?? 0));
  for (const [line, n] of a) deletions += Math.max(0, n - (b.get(line) ?? 0));
  return { additions, deletions };
}

/** Each changed path of the pull with its status and line counts (GitHub's "diff entry"). */
export function changedEntries(s: FakeGitHubState, pull: FakePull) {
  const before = s.git.files(mergeBase(s, pull) ?? '') ?? new Map<string, string>();
  const after = s.git.files(s.pullHead(pull)) ?? new Map<string, string>();
  return changedPaths(s, pull).map((path) => {
    const status = !before.has(path) ? 'added' : !after.has(path) ? 'removed' : 'modified';
    return {
      path,
      status,
      text: after.get(path),
      ...lineChanges(before.get(path), after.get(path)),
    } as const;
  });
}

/**
 * Whether the pull merges cleanly: it conflicts when a path it changes was also changed on the base
 * since they parted, to different text. GitHub then answers a merge with 405 "not mergeable".
 */
export function mergeability(s: FakeGitHubState, pull: FakePull) {
  const parted = s.git.files(mergeBase(s, pull) ?? '') ?? new Map<string, string>();
  const base = s.git.files(s.git.refs.get(pull.base) ?? '') ?? new Map<string, string>();
  const head = s.git.files(s.pullHead(pull)) ?? new Map<string, string>();
  const entries = changedEntries(s, pull);
  const conflicts = entries
    .map((e) => e.path)
    .filter((p) => base.get(p) !== parted.get(p) && base.get(p) !== head.get(p));
  return {
    mergeable: conflicts.length === 0,
    conflicts,
    changedFiles: entries.length,
    additions: entries.reduce((n, e) => n + e.additions, 0),
    deletions: entries.reduce((n, e) => n + e.deletions, 0),
  };
}

/** Merges with a merge commit on the base branch carrying the pull's changes. */
export function mergePull(s: FakeGitHubState, pull: FakePull): string {
  const head = s.pullHead(pull);
  const after = s.git.files(head) ?? new Map<string, string>();
  const changes: Record<string, string> = {};
  for (const path of changedPaths(s, pull)) {
    const text = after.get(path);
    if (text !== undefined) changes[path] = text;
  }
  const sha = s.git.commitOn(pull.base, pull.base, changes, `Merge pull request #${pull.number}`, s.iso());
  const commit = s.git.commits.get(sha);
  if (commit) commit.parents.push(head);
  pull.frozenHead = head;
  pull.state = 'closed';
  pull.mergedAt = s.iso();
  pull.mergeSha = sha;
  return sha;
}

export function setPullState(s: FakeGitHubState, pull: FakePull, state: 'merged' | 'closed' | 'open'): void {
  if (state === 'merged') {
    if (!pull.mergedAt) mergePull(s, pull);
    return;
  }
  if (pull.mergedAt) throw new Error(`pull #${pull.number} is merged; it cannot become ${state}`);
  pull.state = state;
  if (state === 'closed') pull.frozenHead = s.pullHead(pull);
  else delete pull.frozenHead;
}
