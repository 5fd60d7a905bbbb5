import { afterEach, describe, expect, it } from 'vitest';
import { createGitHubWorld } from './github-world.ts';
import { requestYaml, waveBranch } from './world.ts';

const LAYOUTS = [
  {
    name: 'github.com',
    host: undefined,
    rest: 'https://api.github.com',
    graphql: 'https://api.github.com/graphql',
    web: 'https://github.com',
  },
  {
    name: 'GitHub Enterprise Server (GHE_HOST=ghe.example.com)',
    host: 'ghe.example.com',
    rest: 'https://ghe.example.com/api/v3',
    graphql: 'https://ghe.example.com/api/graphql',
    web: 'https://ghe.example.com',
  },
];

let stop: (() => Promise<unknown>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

describe.each(LAYOUTS)('scenario: a rollout on $name through the real GitHub adapter', (layout) => {
  it('opens the wave MR, posts prechecks, soaks after the merge and opens the next wave', async () => {
    const w = await createGitHubWorld(layout.host ? { host: layout.host } : {});
    stop = w.stop;
    const s = w.fake.state;

    const push = w.push({ 'guard/upgrade.yaml': requestYaml() });
    await w.deliver(push);

    const request = s.checkRuns.find((r) => r.name === 'guard/request');
    expect(request).toMatchObject({ sha: push.kind === 'push' ? push.after : '', conclusion: 'success' });
    const first = w.pullOf(waveBranch('test'));
    expect(first).toMatchObject({ title: 'guard: promtail 6.16.0 → test (wave 1/3)', state: 'open' });
    expect(s.labelsOf.get(first!.number)).toEqual(['guard', 'guard/wave']);
    expect(s.git.files(s.pullHead(first!))?.get('clusters/test-1/promtail.yaml')).toContain(
      "version: '6.16.0'",
    );
    const precheck = s.checkRuns.filter((r) => r.sha === s.pullHead(first!) && r.name === 'guard/precheck');
    expect(precheck.at(-1)).toMatchObject({ status: 'completed', conclusion: 'success' });
    const sticky = s.comments.filter(
      (c) => c.issue === first!.number && c.body.includes('<!-- guard:precheck -->'),
    );
    expect(sticky).toHaveLength(1);
    expect(sticky[0]?.author).toBe('guard[bot]');
    expect((await w.state())?.waves[0]?.mr?.url).toBe(`${layout.web}/acme/fleet/pull/${first!.number}`);

    await w.deliver(w.merge(first!.number));
    await w.soakFor(11 * 60_000);

    const mergeSha = (await w.state())?.waves[0]?.mergeSha;
    expect(mergeSha).toBe(first!.mergeSha);
    const soak = s.checkRuns.filter((r) => r.sha === first!.mergeSha && r.name === 'guard/soak');
    expect(soak.at(-1)).toMatchObject({ conclusion: 'success' });
    expect((await w.state())?.waves.map((x) => x.phase)).toEqual(['passed', 'ready', 'pending']);
    const second = w.pullOf(waveBranch('dev'));
    expect(second).toMatchObject({ title: 'guard: promtail 6.16.0 → dev (wave 2/3)', state: 'open' });

    const urls = w.fake.allRequests().map((r) => r.url.replace(/\?.*$/, ''));
    expect(urls).toContain(layout.graphql);
    expect(urls.filter((u) => u !== layout.graphql && !u.startsWith(`${layout.rest}/`))).toEqual([]);
    expect(w.fake.unhandled()).toEqual([]);
  });
});
