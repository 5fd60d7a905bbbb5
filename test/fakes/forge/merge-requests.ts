import { BranchMovedError, type Forge, type MergeRequest } from '../../../src/ports/forge.ts';
import { FakeForgeError } from './faults.ts';
import { changedBetween, sameTree } from './git.ts';
import type { FakeMergeRequest, ForgeState } from './state.ts';

type MergeRequestVerbs = Pick<
  Forge,
  | 'ensureBranchCommit'
  | 'findMergeRequest'
  | 'getMergeRequest'
  | 'changedFiles'
  | 'ensureMergeRequest'
  | 'closeMergeRequest'
  | 'mergeMergeRequest'
>;

const sortedJoin = (labels: readonly string[]) => [...labels].sort().join('\n');

/** Branch commits and MRs, with the adapters' rules for what is GUARD's own. */
export function mergeRequestVerbs(s: ForgeState): MergeRequestVerbs {
  const { git } = s;
  const byNumber = (number: number) => s.mrs.find((m) => m.number === number);
  // Both adapters look MRs up by head branch in this repository only: a fork's same-named branch is
  // someone else's (GitHub `head: owner:branch`, GitLab `source_project_id`).
  const ownFrom = (branch: string) => s.mrs.filter((m) => !m.fork && m.branch === branch);

  return {
    async ensureBranchCommit({ branch, base, message, changes, reset }) {
      const start = git.tryResolve(base);
      if (!start) throw new Error(`base commit ${base} is not in the repository: plan again`);
      const files = new Map(start.files);
      for (const c of changes) files.set(c.path, c.content);
      const head = git.tryResolve(branch);
      // GUARD's own work is one commit whose only parent is base (what both adapters check).
      const ours = head?.parents.length === 1 && head.parents[0] === start.sha;
      if (head && sameTree(head.files, files) && (ours || !reset)) return { sha: head.sha, created: false };
      if (head && head.sha !== start.sha && !ours && !reset) {
        throw new BranchMovedError(`branch ${branch} has commits GUARD did not make: decide again`);
      }
      const sha = git.commit([start.sha], files, message, s.bot);
      git.branches.set(branch, sha);
      s.wrote('commit', branch);
      return { sha, created: true };
    },
    async findMergeRequest(branch) {
      const found = ownFrom(branch).at(-1);
      return found && s.view(found);
    },
    async getMergeRequest(number) {
      const found = byNumber(number);
      return found && s.view(found);
    },
    async changedFiles(number) {
      const mr = byNumber(number);
      if (!mr) throw new FakeForgeError(404, `no MR ${number}`);
      return changedBetween(git.resolve(mr.base), git.resolve(s.view(mr).headSha));
    },
    async ensureMergeRequest({ branch, target, title, body, labels }) {
      const open = ownFrom(branch).find((m) => m.state === 'open');
      if (open) {
        if (open.title !== title || open.body !== body || sortedJoin(open.labels) !== sortedJoin(labels)) {
          Object.assign(open, { title, body, labels: [...labels] });
          s.wrote('update-mr', `!${open.number}`);
        }
        return s.view(open);
      }
      const head = git.branches.get(branch);
      if (!head) throw new FakeForgeError(422, `no branch ${branch} to open an MR from`);
      const number = s.nextNumber('mr');
      const path = s.kind === 'github' ? `pull/${number}` : `-/merge_requests/${number}`;
      const mr: FakeMergeRequest = {
        number,
        url: `https://forge.test/acme/fleet/${path}`,
        branch,
        title,
        state: 'open',
        headSha: head,
        labels: [...labels],
        author: s.bot,
        target,
        base: git.resolve(target).sha,
        body,
      };
      s.mrs.push(mr);
      s.wrote('open-mr', `!${mr.number} ${branch}`);
      return s.view(mr);
    },
    async closeMergeRequest(number, comment) {
      const mr = byNumber(number);
      if (!mr) throw new FakeForgeError(404, `no MR ${number}`);
      if (mr.state !== 'open') return;
      s.addComment({ kind: 'mr', number }, comment, s.bot);
      s.wrote('comment', `!${number}`);
      s.setState(mr, 'closed');
      s.wrote('close-mr', `!${number}`);
    },
    async mergeMergeRequest(number) {
      const mr = byNumber(number);
      if (!mr) throw new FakeForgeError(404, `no MR ${number}`);
      if (mr.state === 'closed') throw new FakeForgeError(405, `MR ${number} is closed: reopen it first`);
      if (mr.state === 'open') {
        mergeNow(s, mr, s.now());
        s.wrote('merge-mr', `!${number}`);
      }
      return s.view(mr);
    },
  };
}

/** Merges `mr` into its target: a merge commit with both heads as parents, carrying the MR's changes. */
export function mergeNow(s: ForgeState, mr: FakeMergeRequest, at: Date): MergeRequest {
  const { git } = s;
  const head = git.resolve(s.view(mr).headSha);
  const changed = new Map<string, string>();
  const removed: string[] = [];
  for (const path of changedBetween(git.resolve(mr.base), head)) {
    const text = head.files.get(path);
    if (text === undefined) removed.push(path);
    else changed.set(path, text);
  }
  const target = git.resolve(mr.target ?? git.defaultBranch);
  const files = new Map(target.files);
  for (const [path, text] of changed) files.set(path, text);
  for (const path of removed) files.delete(path);
  const sha = git.commit([target.sha, head.sha], files, `Merge !${mr.number}`, s.bot);
  git.branches.set(mr.target ?? git.defaultBranch, sha);
  s.setState(mr, 'merged');
  Object.assign(mr, { mergeSha: sha, mergedAt: at.toISOString() });
  const view = s.view(mr);
  for (const hook of s.onMerge) hook(view, changed);
  return view;
}
