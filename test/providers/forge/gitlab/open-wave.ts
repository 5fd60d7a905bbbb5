import { makeGitLabHarness } from './harness.ts';

/**
 * The engine's wave-opening sequence on N cluster files, against a fresh fake GitLab: answers how many
 * requests reading the files took (default branch + batched reads) and how many opening the wave took
 * (commit, MR, sticky comment, status).
 */
export async function openWave(n: number) {
  const h = makeGitLabHarness();
  const files: Record<string, string> = {};
  for (let i = 0; i < n; i++) files[`clusters/c${i}/istio.yaml`] = 'version: 1.22.0\n';
  h.seed({ defaultBranch: 'main', files });
  h.resetRequests();

  const head = await h.forge.defaultBranch();
  const read = await h.forge.readFiles(head.sha, Object.keys(files));
  const reading = h.requests().length;
  h.resetRequests();

  const branch = 'guard/istio/1.23.0/prod';
  const changes = [...read.keys()].map((path) => ({ path, content: 'version: 1.23.0\n' }));
  const { sha } = await h.forge.ensureBranchCommit({
    branch,
    base: head.sha,
    message: 'istio 1.23.0',
    changes,
  });
  const mr = await h.forge.ensureMergeRequest({
    branch,
    target: 'main',
    title: 'guard',
    body: 'wave',
    labels: ['guard'],
  });
  const on = { kind: 'mr', number: mr.number } as const;
  await h.forge.ensureComment({ on, marker: '<!-- guard:precheck -->', body: 'prechecks' });
  await h.forge.setCheck({ sha, name: 'guard/precheck', state: 'pending', title: 'running', summary: '' });
  return { reading, opening: h.requests().length };
}
