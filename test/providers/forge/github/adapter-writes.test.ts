import { describe, expect, it } from 'vitest';
import { SUMMARY_LIMIT } from '../../../../providers/forge/github/checks.ts';
import { manyFiles, SEED } from '../../../contract/forge/context.ts';
import { makeGitHubHarness } from './harness.ts';

const annotations = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    path: 'a.yaml',
    line: i + 1,
    message: `m${i}`,
    level: 'warning' as const,
  }));

async function seeded(extra: Record<string, string> = {}) {
  const h = await makeGitHubHarness();
  h.seed({ ...SEED, files: { ...SEED.files, ...extra } });
  const base = (await h.forge.defaultBranch()).sha;
  h.resetRequests();
  return { h, base };
}

describe('GitHub adapter writes', () => {
  it('commits 1 or 300 files in the same four requests', async () => {
    const counts = [];
    for (const n of [1, 300]) {
      const { h, base } = await seeded();
      const changes = Object.entries(manyFiles('c', n)).map(([path, content]) => ({ path, content }));

      await h.forge.ensureBranchCommit({ branch: 'b', base, message: 'm', changes });

      counts.push(h.requests().map((r) => `${r.method} ${new URL(r.url).pathname}`));
    }

    expect(counts[0]).toEqual([
      'POST /graphql',
      'POST /repos/acme/fleet/git/trees',
      'POST /repos/acme/fleet/git/commits',
      'POST /repos/acme/fleet/git/refs',
    ]);
    expect(counts[1]).toEqual(counts[0]);
  });

  it('sends 120 annotations as 50, 50 and 20, and they arrive whole', async () => {
    const { h, base } = await seeded();

    await h.forge.setCheck({
      sha: base,
      name: 'guard/plan',
      state: 'neutral',
      title: 't',
      summary: 's',
      annotations: annotations(120),
    });

    expect(h.view.annotationBatches(base, 'guard/plan')).toEqual([50, 50, 20]);
    expect(h.view.checks(base)[0]?.annotations?.map((a) => a.message)).toEqual(
      annotations(120).map((a) => a.message),
    );
  });

  it('cuts a summary over 65,535 characters and says so', async () => {
    const { h, base } = await seeded();

    await h.forge.setCheck({
      sha: base,
      name: 'guard/plan',
      state: 'success',
      title: 't',
      summary: 'x'.repeat(70_000),
    });

    const summary = h.view.checks(base)[0]?.summary ?? '';
    expect(summary).toHaveLength(SUMMARY_LIMIT);
    expect(summary).toMatch(/truncated/);
  });

  it('finds and updates the check run another instance created', async () => {
    const { h, base } = await seeded();
    await h.forge.setCheck({
      sha: base,
      name: 'guard/soak',
      state: 'pending',
      title: 'soaking',
      summary: '',
    });

    await h
      .freshForge()
      .setCheck({ sha: base, name: 'guard/soak', state: 'success', title: 'passed', summary: 'ok' });

    expect(h.fake.state.checkRuns).toHaveLength(1);
    expect(h.view.checks(base)[0]).toMatchObject({ state: 'success', title: 'passed', summary: 'ok' });
  });

  it('finds the sticky comment on a later page from a fresh instance', async () => {
    const { h } = await seeded();
    h.pushOutside('topic', { 'a.txt': 'a\n' });
    const mr = await h.forge.ensureMergeRequest({
      branch: 'topic',
      target: 'main',
      title: 't',
      body: 'b',
      labels: [],
    });
    const on = { kind: 'mr' as const, number: mr.number };
    for (let i = 0; i < 120; i++) await h.forge.addComment({ on, body: `chatter ${i}` });
    const first = await h.forge.ensureComment({ on, marker: '<!-- guard:soak -->', body: 'soak 1' });
    h.resetRequests();

    const again = await h.freshForge().ensureComment({ on, marker: '<!-- guard:soak -->', body: 'soak 2' });

    expect(again).toEqual({ id: first.id, created: false });
    expect(h.requests().filter((r) => r.url.includes('/comments?')).length).toBe(2);
    expect(h.view.comments(on).at(-1)?.body).toContain('soak 2');
  });

  it('recreates a sticky comment someone deleted', async () => {
    const { h } = await seeded();
    const issue = await h.forge.ensureIssue({
      marker: '<!-- d -->',
      title: 't',
      body: 'b',
      labels: [],
      open: true,
    });
    const on = { kind: 'issue' as const, number: issue.number };
    await h.forge.ensureComment({ on, marker: '<!-- guard:plan -->', body: 'one' });
    h.fake.state.comments.length = 0;

    const again = await h.forge.ensureComment({ on, marker: '<!-- guard:plan -->', body: 'two' });

    expect(again.created).toBe(true);
    expect(h.view.comments(on).map((c) => c.body)).toEqual(['<!-- guard:plan -->\ntwo']);
  });

  it("creates GUARD's missing labels once", async () => {
    const { h } = await seeded();

    const first = await h.forge.ensureLabels();
    const second = await h.forge.ensureLabels();

    expect(first).toEqual(['guard', 'guard/wave', 'guard/rollback', 'guard/dashboard']);
    expect(second).toEqual([]);
    expect(h.fake.state.labels.get('guard/rollback')?.color).toBe('b60205');
  });

  it('maps the author, target and origin of a pull request', async () => {
    const { h } = await seeded();
    h.pushOutside('topic', { 'a.txt': 'a\n' });
    const mr = await h.forge.ensureMergeRequest({
      branch: 'topic',
      target: 'main',
      title: 't',
      body: 'b',
      labels: [],
    });
    h.fake.state.pulls.get(mr.number)!.author = 'someone';

    const found = await h.forge.getMergeRequest(mr.number);

    expect(found).toMatchObject({ author: 'someone', fromFork: false, target: 'main', state: 'open' });
    expect(found?.mergeSha).toBeUndefined();
  });
});

describe('GitHub adapter reads', () => {
  it('reads N files in ⌈N/50⌉ GraphQL requests', async () => {
    const files = manyFiles('r', 120);
    const { h, base } = await seeded(files);

    await h.forge.readFiles(base, Object.keys(files));

    expect(h.requests().map((r) => new URL(r.url).pathname)).toEqual(['/graphql', '/graphql', '/graphql']);
  });

  it('falls back to REST contents for a blob GraphQL truncates', async () => {
    const h = await makeGitHubHarness({ blobTextLimit: 1000 });
    const big = `${'line of text\n'.repeat(200)}end\n`;
    h.seed({ ...SEED, files: { ...SEED.files, 'big.yaml': big } });
    const base = (await h.forge.defaultBranch()).sha;
    h.resetRequests();

    const files = await h.forge.readFiles(base, ['big.yaml', 'README.md']);

    expect(files.get('big.yaml')).toBe(big);
    expect(files.get('README.md')).toBe('# fleet\n');
    expect(h.requests().map((r) => r.url.replace(/\?.*$/, ''))).toEqual([
      'https://api.github.com/graphql',
      'https://api.github.com/repos/acme/fleet/contents/big.yaml',
    ]);
  });
});
