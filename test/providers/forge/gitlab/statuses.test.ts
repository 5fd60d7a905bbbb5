import { describe, expect, it } from 'vitest';
import { DESCRIPTION_LIMIT, statusDescription } from '../../../../providers/forge/gitlab/statuses.ts';
import type { CheckSpec } from '../../../../src/ports/forge.ts';
import { makeGitLabHarness } from './harness.ts';

async function seeded() {
  const h = makeGitLabHarness();
  h.seed({ defaultBranch: 'main', files: { 'README.md': '# fleet\n' } });
  const sha = (await h.forge.defaultBranch()).sha;
  const check = (over: Partial<CheckSpec> = {}): CheckSpec => ({
    sha,
    name: 'guard/precheck',
    state: 'pending',
    title: 'Prechecks running',
    summary: 'not sent to GitLab',
    ...over,
  });
  return { h, sha, check };
}

describe('GitLab commit statuses', () => {
  it('attaches the status to the newest pipeline of the sha', async () => {
    const { h, sha, check } = await seeded();
    h.fake.world.pipelines.push(
      { id: 76, sha, ref: 'main', status: 'success', source: 'push' },
      { id: 77, sha, ref: 'refs/merge-requests/1/head', status: 'running', source: 'merge_request_event' },
    );

    await h.forge.setCheck(check());

    expect(h.fake.world.statuses.map((s) => s.pipeline_id)).toEqual([77]);
  });

  it('sends no pipeline when the sha has none', async () => {
    const { h, check } = await seeded();

    await h.forge.setCheck(check());

    expect(h.fake.world.statuses.map((s) => s.pipeline_id)).toEqual([null]);
  });

  it('cuts the description to 255 characters', async () => {
    const { h, check } = await seeded();

    await h.forge.setCheck(check({ title: 'x'.repeat(400) }));

    const [status] = h.fake.world.statuses;
    expect(status?.description).toHaveLength(DESCRIPTION_LIMIT);
    expect(status?.description?.endsWith('…')).toBe(true);
  });

  it('reports neutral as success and says so in the description', async () => {
    const { h, check } = await seeded();

    await h.forge.setCheck(check({ state: 'neutral', title: 'no clusters in this wave' }));

    expect(h.fake.world.statuses[0]).toMatchObject({
      state: 'success',
      description: 'Neutral: no clusters in this wave',
    });
  });

  it('sends the target URL', async () => {
    const { h, check } = await seeded();

    await h.forge.setCheck(check({ detailsUrl: 'https://guard.example/r/1' }));

    expect(h.fake.world.statuses[0]?.target_url).toBe('https://guard.example/r/1');
  });

  it('retries a 409 from a concurrent update of the same status', async () => {
    const { h, check } = await seeded();
    h.fake.inject({
      status: 409,
      body: { message: 'Commit status is being updated by another request' },
      times: 1,
      when: (method, path) => method === 'POST' && path.includes('/statuses/'),
    });

    await h.forge.setCheck(check({ state: 'failure' }));

    expect(h.fake.world.statuses.map((s) => s.state)).toEqual(['failed']);
    expect(h.sleeps).toHaveLength(1);
  });

  it('treats posting the state a status already has as done', async () => {
    const { h, check } = await seeded();
    await h.forge.setCheck(check());

    await h.forge.setCheck(check({ title: 'still running' }));

    expect(h.fake.world.statuses).toHaveLength(1);
  });

  it('keeps a description on one line', () => {
    expect(statusDescription({ state: 'failure', title: 'eu-1 failed\n  us-1 failed' })).toBe(
      'eu-1 failed us-1 failed',
    );
  });
});
