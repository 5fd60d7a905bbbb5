import { describe, expect, it } from 'vitest';
import { makeGitLabHarness } from './harness.ts';

describe('GitLab notes', () => {
  it('treats "already awarded" on a second 👀 as done', async () => {
    const h = makeGitLabHarness();
    h.seed({ defaultBranch: 'main', files: { 'README.md': '# fleet\n' } });
    h.pushOutside('topic', { 'a.txt': 'a\n' });
    const mr = await h.forge.ensureMergeRequest({
      branch: 'topic',
      target: 'main',
      title: 't',
      body: 'b',
      labels: [],
    });
    const on = { kind: 'mr', number: mr.number } as const;
    const { id } = await h.forge.addComment({ on, body: '/guard status' });
    await h.forge.addReaction({ on, commentId: id, reaction: 'eyes' });
    h.resetRequests();

    await h.forge.addReaction({ on, commentId: id, reaction: 'eyes' });

    expect(h.requests().map((r) => new URL(r.url).pathname)).toEqual([
      `/api/v4/projects/acme%2Ffleet/merge_requests/${mr.number}/notes/${id}/award_emoji`,
    ]);
    expect(h.view.comments(on)[0]?.reactions).toEqual(['eyes']);
  });

  it('still fails a reaction on a note that does not exist', async () => {
    const h = makeGitLabHarness();
    h.seed({ defaultBranch: 'main', files: { 'README.md': '# fleet\n' } });
    h.pushOutside('topic', { 'a.txt': 'a\n' });
    const mr = await h.forge.ensureMergeRequest({
      branch: 'topic',
      target: 'main',
      title: 't',
      body: 'b',
      labels: [],
    });

    const attempt = h.forge.addReaction({
      on: { kind: 'mr', number: mr.number },
      commentId: 999_999,
      reaction: 'eyes',
    });

    await expect(attempt).rejects.toMatchObject({ status: 404 });
  });

  it('skips system notes when looking for the sticky comment', async () => {
    const h = makeGitLabHarness();
    h.seed({ defaultBranch: 'main', files: { 'README.md': '# fleet\n' } });
    h.pushOutside('topic', { 'a.txt': 'a\n' });
    const mr = await h.forge.ensureMergeRequest({
      branch: 'topic',
      target: 'main',
      title: 't',
      body: 'b',
      labels: [],
    });
    h.fake.world.notes.set(`mr:${mr.number}`, [
      {
        id: 1,
        body: 'changed the description <!-- guard:plan -->',
        author: h.fake.world.botUser,
        system: true,
        created_at: '',
        awards: [],
      },
    ]);

    const result = await h.forge.ensureComment({
      on: { kind: 'mr', number: mr.number },
      marker: '<!-- guard:plan -->',
      body: 'plan',
    });

    expect(result.created).toBe(true);
  });
});
