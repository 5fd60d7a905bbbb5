import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServerMetrics } from '../../../../handlers/server/server-metrics.ts';
import { buildForges } from '../../../../handlers/server/server-parts.ts';
import { parseSettings } from '../../../../handlers/server/settings.ts';
import { SEED } from '../../../contract/forge/context.ts';
import { FAKE_APP } from '../../../fakes/github-server/fake-app.ts';
import { createFakeGitHub } from '../../../fakes/github-server/index.ts';
import { START } from './harness.ts';

// The server's Probot uses the global fetch: msw intercepts it, and a request no fake answers is a
// network error, recorded for the test to fail on.
const strays: string[] = [];
const network = setupServer();
beforeAll(() => network.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  network.resetHandlers();
  expect(strays.splice(0)).toEqual([]);
});
afterAll(() => network.close());
const stray = http.all('*', ({ request }) => {
  strays.push(`${request.method} ${request.url}`);
  return HttpResponse.error();
});

/** The GitHub forge exactly as `guard serve` builds it from the environment. */
async function serverForge(env: Record<string, string>) {
  const settings = parseSettings({
    APP_ID: String(FAKE_APP.id),
    PRIVATE_KEY: FAKE_APP.privateKey,
    WEBHOOK_SECRET: 'fake-webhook-secret',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const { forgeFor } = await buildForges({
    settings,
    log: pino({ level: 'silent' }),
    metrics: createServerMetrics(),
    fetch,
    readFile: async () => '',
  });
  return forgeFor({ forge: 'github', project: 'acme/fleet', installationId: FAKE_APP.installationId });
}

describe('the server GitHub forge', () => {
  it.each([
    {
      GHE_HOST: 'ghe.example.com',
      rest: 'https://ghe.example.com/api/v3',
      graphql: 'https://ghe.example.com/api/graphql',
    },
    {
      GHE_HOST: 'ghe.internal:8080',
      GHE_PROTOCOL: 'http',
      rest: 'http://ghe.internal:8080/api/v3',
      graphql: 'http://ghe.internal:8080/api/graphql',
    },
    { GHE_HOST: '', rest: 'https://api.github.com', graphql: 'https://api.github.com/graphql' },
  ])('with GHE_HOST=$GHE_HOST uses REST at $rest and GraphQL at $graphql', async (layout) => {
    const fake = createFakeGitHub({
      owner: 'acme',
      repo: 'fleet',
      now: () => START,
      ...(layout.GHE_HOST ? { host: layout.GHE_HOST } : {}),
      ...(layout.GHE_PROTOCOL === 'http' ? { protocol: 'http' as const } : {}),
    });
    fake.state.defaultBranch = 'main';
    fake.state.git.refs.set(
      'main',
      fake.state.git.putCommit({
        tree: fake.state.git.putTree(new Map(Object.entries(SEED.files))),
        parents: [],
        message: 'initial',
        date: '2025-06-02T09:30:00Z',
      }).sha,
    );
    network.use(...fake.handlers, stray);
    const forge = await serverForge({
      GHE_HOST: layout.GHE_HOST,
      ...(layout.GHE_PROTOCOL ? { GHE_PROTOCOL: layout.GHE_PROTOCOL } : {}),
    });

    const branch = await forge.defaultBranch();
    const files = await forge.listFiles(branch.sha, 'clusters');
    const texts = await forge.readFiles(branch.sha, ['clusters/eu-1/istio.yaml']);

    expect(files).toEqual(['clusters/eu-1/istio.yaml', 'clusters/us-1/istio.yaml']);
    expect(texts.get('clusters/eu-1/istio.yaml')).toBe(SEED.files['clusters/eu-1/istio.yaml']);
    expect(fake.allRequests().map((r) => `${r.method} ${r.url.replace(/\?.*$/, '')}`)).toEqual([
      `POST ${layout.rest}/app/installations/1/access_tokens`,
      `GET ${layout.rest}/repos/acme/fleet`,
      `GET ${layout.rest}/repos/acme/fleet/git/ref/heads%2Fmain`,
      `GET ${layout.rest}/repos/acme/fleet/git/trees/${branch.sha}`,
      `POST ${layout.graphql}`,
    ]);
  });
});
