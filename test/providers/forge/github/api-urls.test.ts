import { describe, expect, it } from 'vitest';
import { SEED } from '../../../contract/forge/context.ts';
import { makeGitHubHarness } from './harness.ts';

const LAYOUTS = [
  {
    name: 'github.com',
    host: undefined,
    rest: 'https://api.github.com',
    graphql: 'https://api.github.com/graphql',
  },
  {
    name: 'GitHub Enterprise Server',
    host: 'ghe.example.com',
    rest: 'https://ghe.example.com/api/v3',
    graphql: 'https://ghe.example.com/api/graphql',
  },
] as const;

describe.each(LAYOUTS)('GitHub adapter on $name', (layout) => {
  it('sends REST below the REST base and GraphQL to the one GraphQL endpoint', async () => {
    const h = await makeGitHubHarness(layout.host ? { host: layout.host } : {});
    h.seed(SEED);

    const base = await h.forge.defaultBranch();
    await h.forge.readFiles(base.sha, ['README.md']);
    const branch = 'guard/istio/1.23.0/canary';
    await h.forge.ensureBranchCommit({
      branch,
      base: base.sha,
      message: 'm',
      changes: [{ path: 'a', content: 'a\n' }],
    });
    await h.forge.ensureMergeRequest({ branch, target: 'main', title: 't', body: 'b', labels: ['guard'] });
    const teams = await h.forge.teamsOf('alice');

    expect(teams).toEqual(['acme/platform', 'acme/sre']);
    const urls = h.fake.allRequests().map((r) => r.url.replace(/\?.*$/, ''));
    const graphql = urls.filter((u) => u === layout.graphql);
    // Files, the branch look and the teams; the default branch is read by REST (conditional requests).
    expect(graphql).toHaveLength(3);
    expect(urls.filter((u) => u !== layout.graphql).every((u) => u.startsWith(`${layout.rest}/`))).toBe(true);
    expect(urls).toContain(`${layout.rest}/app/installations/1/access_tokens`);
    expect(h.fake.unhandled()).toEqual([]);
  });
});
