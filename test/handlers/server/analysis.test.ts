import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ANALYSIS_PREFIX } from '../../../src/analysis/analysis-record.ts';
import { GITLAB_SECRET, gitlabPushBody, postGitLab, startTestServer, type TestServer } from './server-kit.ts';

// No model endpoint is served: any request GUARD made to one would fail the test.
const outside = setupServer();
beforeAll(() =>
  outside.listen({
    onUnhandledRequest: (request, print) => {
      if (new URL(request.url).hostname !== '127.0.0.1') print.error();
    },
  }),
);
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
afterAll(() => outside.close());

async function startRollout(env: Record<string, string> = {}): Promise<TestServer> {
  const s = await startTestServer({ env });
  await postGitLab(s.url, gitlabPushBody(s.forge.branchHead('main')!), GITLAB_SECRET);
  await s.engine.idle();
  return s;
}

describe('failure analysis in the server', () => {
  it('with none of the new variables set, behaves exactly as before: no analysis, no record, no metric', async () => {
    server = await startRollout();

    expect(server.forge.mergeRequests().map((mr) => mr.branch)).toEqual(['guard/promtail/6.16.0/test']);
    expect(await server.store.list(ANALYSIS_PREFIX)).toEqual([]);
    expect(server.logs.text()).not.toContain('failure analysis');
    expect(await (await fetch(`${server.url}/metrics`)).text()).not.toMatch(
      /^guard_failure_analyses_total\{/m,
    );
  });

  it('with analysis on, opens the same wave MR and writes the same audit trail, asking nothing', async () => {
    const quiet = await startRollout();
    const trail = (await quiet.store.readAudit('gitlab:acme/fleet:promtail')).map((r) => r.action);
    await quiet.close();

    server = await startRollout({
      GUARD_ANALYSIS: 'openai',
      GUARD_ANALYSIS_URL: 'https://llm.example.com/v1',
      GUARD_ANALYSIS_MODEL: 'gpt-4o-mini',
      GUARD_ANALYSIS_API_KEY: 'sk-server-test-KEY-0123456789abcdef',
    });

    expect(server.forge.mergeRequests().map((mr) => mr.branch)).toEqual(['guard/promtail/6.16.0/test']);
    expect((await server.store.readAudit('gitlab:acme/fleet:promtail')).map((r) => r.action)).toEqual(trail);
    expect(server.logs.text()).toContain('failure analysis on');
    expect(server.logs.text()).not.toContain('sk-server-test-KEY');
  });
});
