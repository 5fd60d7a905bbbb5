// What the in-memory forge promises beyond the shared contract (test/contract/forge.contract.ts),
// each a rule the real adapters follow that a scenario could otherwise get wrong without noticing.
import { describe, expect, it } from 'vitest';
import { BranchMovedError } from '../../src/ports/forge.ts';
import { createFakeForge, FakeForgeError } from './forge.ts';

const FILES = { 'README.md': '# fleet\n', 'clusters/eu-1/app.yaml': 'v: 1\n' };
const BRANCH = 'guard/app/2/test';

describe('fake forge', () => {
  it("treats a branch as someone else's once they pushed on top, whatever files they touched", async () => {
    const fake = createFakeForge({ files: FILES });
    const base = fake.branchHead('main')!;
    const changes = [{ path: 'clusters/eu-1/app.yaml', content: 'v: 2\n' }];
    await fake.forge.ensureBranchCommit({ branch: BRANCH, base, message: 'up', changes });
    fake.pushTo(BRANCH, { 'notes.txt': 'mine\n' });

    const again = fake.forge.ensureBranchCommit({ branch: BRANCH, base, message: 'up', changes });

    await expect(again).rejects.toBeInstanceOf(BranchMovedError);
    expect(fake.file(BRANCH, 'notes.txt')).toBe('mine\n');
  });

  it('keeps the head a merged MR had when its branch moves on afterwards', async () => {
    const fake = createFakeForge({ files: FILES });
    const head = fake.pushTo(BRANCH, { 'a.txt': 'a\n' });
    const mr = await fake.forge.ensureMergeRequest({
      branch: BRANCH,
      target: 'main',
      title: 't',
      body: 'b',
      labels: [],
    });
    fake.merge(mr.number, new Date('2026-03-02T10:00:00Z'));

    fake.pushTo(BRANCH, { 'b.txt': 'b\n' });

    const merged = await fake.forge.getMergeRequest(mr.number);
    expect(merged).toMatchObject({ state: 'merged', headSha: head, mergedAt: '2026-03-02T10:00:00.000Z' });
    expect(fake.file('main', 'a.txt')).toBe('a\n');
  });

  it('keeps of a check on the GitLab flavour only what a commit status holds', async () => {
    const fake = createFakeForge({ kind: 'gitlab', files: FILES });
    const sha = fake.branchHead('main')!;

    await fake.forge.setCheck({
      sha,
      name: 'guard/soak',
      state: 'neutral',
      title: 'soak skipped',
      summary: '## long markdown',
      annotations: [{ path: 'a', line: 1, message: 'm', level: 'notice' }],
    });

    expect(fake.check(sha, 'guard/soak')).toEqual({
      sha,
      name: 'guard/soak',
      state: 'success',
      title: 'Neutral: soak skipped',
      summary: '',
    });
  });

  it('answers 404 to GUARD writing on a thread or comment that does not exist', async () => {
    const fake = createFakeForge({ files: FILES });

    const comment = fake.forge.addComment({ on: { kind: 'mr', number: 7 }, body: 'hi' });

    await expect(comment).rejects.toMatchObject({ status: 404 });
    await expect(comment).rejects.toBeInstanceOf(FakeForgeError);
  });

  it('surfaces an outage longer than the tries with the last status, then answers again', async () => {
    const fake = createFakeForge({ kind: 'gitlab', files: FILES });
    fake.failNext(4, 'secondary-limit');

    const first = fake.forge.defaultBranch();

    await expect(first).rejects.toMatchObject({ status: 429 });
    expect(fake.requests()).toHaveLength(3);
    expect((await fake.forge.defaultBranch()).name).toBe('main');
    expect(fake.requests()).toHaveLength(5);
  });
});
