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
