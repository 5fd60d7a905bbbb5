import { afterEach, describe, expect, it } from 'vitest';
import { createGitHubWorld } from './github-world.ts';
import { requestYaml, waveBranch } from './world.ts';

let stop: (() => Promise<unknown>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

/** Requests to GitHub during `run`, and how much of the core rate limit they spent. */
async function measured(w: Awaited<ReturnType<typeof createGitHubWorld>>, run: () => Promise<void>) {
  w.fake.resetRequests();
  const used = w.fake.rateLimit().used;
  await run();
  const requests = w.fake.requests().map((r) => `${r.method} ${new URL(r.url).pathname}`);
  return { requests, spent: w.fake.rateLimit().used - used };
}

describe('scenario: ticks on GitHub cost no rate limit while nothing changes', () => {
  it('soaking: each tick asks for the head conditionally (two 304s) and nothing else', async () => {
    const w = await createGitHubWorld();
    stop = w.stop;
    await w.deliver(w.push({ 'guard/upgrade.yaml': requestYaml() }));
    await w.deliver(w.merge(w.pullOf(waveBranch('test'))!.number));
    await w.soakFor(2 * 60_000);
    expect((await w.state())?.waves[0]?.phase).toBe('soaking');

    const tick = await measured(w, () => w.soakFor(3 * 60_000));

    expect(tick.requests).toEqual(
      Array(3).fill(['GET /repos/acme/fleet', 'GET /repos/acme/fleet/git/ref/heads%2Fmain']).flat(),
    );
    expect(tick.spent).toBe(0);
  });

  it('waiting on a wave MR: the look-up is conditional too, and a merge without a webhook is seen', async () => {
    const w = await createGitHubWorld();
    stop = w.stop;
    await w.deliver(w.push({ 'guard/upgrade.yaml': requestYaml() }));
    await w.soakFor(60_000);

    const tick = await measured(w, () => w.soakFor(60_000));
    expect(tick.requests).toEqual([
      'GET /repos/acme/fleet',
      'GET /repos/acme/fleet/git/ref/heads%2Fmain',
      'GET /repos/acme/fleet/pulls',
    ]);
    expect(tick.spent).toBe(0);

    w.merge(w.pullOf(waveBranch('test'))!.number); // its webhook is lost
    await w.soakFor(60_000);

    expect((await w.state())?.waves[0]?.phase).toBe('soaking');
  });
});
