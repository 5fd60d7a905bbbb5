import type { CheckSpec, MergeRequest, Thread } from '../../../src/ports/forge.ts';
import type { ForgeView } from '../../contract/forge-harness.ts';
import type { FakeCheckRun, FakeGitHubState } from './state.ts';

function checkSpec(r: FakeCheckRun): CheckSpec {
  const state = (r.conclusion ?? 'pending') as CheckSpec['state'];
  return {
    sha: r.sha,
    name: r.name,
    state,
    title: r.title,
    summary: r.summary,
    annotations: r.annotations.map((a) => ({
      path: a.path,
      line: a.start_line,
      message: a.message,
      level: a.annotation_level as 'failure' | 'warning' | 'notice',
    })),
    ...(r.detailsUrl && { detailsUrl: r.detailsUrl }),
  };
}

/** The fake's state seen through the contract's ForgeView. */
export function viewOf(s: FakeGitHubState): ForgeView {
  const git = s.git;
  return {
    branchHead: (branch) => git.refs.get(branch),
    commitsAhead(branch) {
      const onDefault = git.ancestors(git.refs.get(s.defaultBranch));
      const ahead = [];
      for (
        let sha = git.refs.get(branch);
        sha && !onDefault.has(sha);
        sha = git.commits.get(sha)?.parents[0]
      ) {
        const c = git.commits.get(sha);
        if (c) ahead.unshift({ sha: c.sha, message: c.message, parents: [...c.parents] });
      }
      return ahead;
    },
    file: (ref, path) => git.files(ref)?.get(path),
    mergeRequests: () =>
      [...s.pulls.values()].map(
        (p): MergeRequest => ({
          number: p.number,
          url: `https://github.com/${s.owner}/${s.repo}/pull/${p.number}`,
          branch: p.head,
          title: p.title,
          state: p.mergedAt ? 'merged' : p.state,
          headSha: s.pullHead(p),
          ...(p.mergeSha && { mergeSha: p.mergeSha }),
          ...(p.mergedAt && { mergedAt: p.mergedAt }),
          labels: [...(s.labelsOf.get(p.number) ?? [])],
          author: p.author,
          fromFork: p.fork !== undefined,
          target: p.base,
        }),
      ),
    comments: (on: Thread) =>
      s.comments
        .filter((c) => c.issue === on.number)
        .map((c) => ({ id: c.id, body: c.body, reactions: [...c.reactions] })),
    checks: (sha) => {
      const latest = new Map<string, FakeCheckRun>();
      for (const r of s.checkRuns) if (r.sha === sha) latest.set(r.name, r);
      return [...latest.values()].map(checkSpec);
    },
    annotationBatches: (sha, name) =>
      s.checkRuns.filter((r) => r.sha === sha && r.name === name).flatMap((r) => r.batches),
    issues: () =>
      [...s.issues.values()].map((i) => ({
        number: i.number,
        title: i.title,
        body: i.body,
        labels: [...(s.labelsOf.get(i.number) ?? [])],
        open: i.state === 'open',
      })),
  };
}
