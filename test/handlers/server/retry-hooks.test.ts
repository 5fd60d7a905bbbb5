import { describe, expect, it } from 'vitest';
import { retryHooks } from '../../../handlers/server/retry-hooks.ts';
import { createServerMetrics } from '../../../handlers/server/server-metrics.ts';
import { createGitLabApi } from '../../../providers/forge/gitlab/create-gitlab-api.ts';
import { silentLogger } from '../../../src/engine/logger.ts';
import { RateLimitedError } from '../../../src/util/rate-limited-error.ts';

/** A GitLab that answers `answers` in turn (the last one for every later request). */
function gitlab(answers: (() => Response)[]) {
  let calls = 0;
  const fetch = (async () => answers[Math.min(calls++, answers.length - 1)]!()) as typeof globalThis.fetch;
  return { fetch, calls: () => calls };
}

const line = (text: string, labels: string) =>
  text.split('\n').find((l) => l.startsWith(`guard_outbound_retries_total{${labels}}`));

describe('guard_outbound_retries_total', () => {
  it('counts each retry of an outbound client by service and reason, and each limit handed to the engine', async () => {
    const metrics = createServerMetrics();
    const hooks = retryHooks(metrics, silentLogger);
    const retry = { ...hooks, sleep: async () => {}, now: () => 0 };
    const down = () => new Response('502 Bad Gateway', { status: 502 });
    const ok = () => Response.json({ id: 1 });
    const limited = () => new Response('Retry later', { status: 429, headers: { 'retry-after': '60' } });
    const flaky = gitlab([down, down, ok]);
    const throttled = gitlab([limited]);

    await createGitLabApi({
      host: 'https://gitlab.example.com',
      token: 't',
      fetch: flaky.fetch,
      retry,
    }).requester.get('user');
    const error = await createGitLabApi({
      host: 'https://gitlab.example.com',
      token: 't',
      fetch: throttled.fetch,
      retry,
    })
      .requester.get('user')
      .catch((e: unknown) => e);

    const text = await metrics.registry.metrics();
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(line(text, 'service="gitlab",reason="server-error",wait="in-place"')).toMatch(/ 2$/);
    expect(line(text, 'service="gitlab",reason="rate-limit",wait="requeue"')).toMatch(/ 1$/);
    expect(text).toContain('# TYPE guard_outbound_retries_total counter');
  });

  it('shows nothing for a client that never retried', async () => {
    const metrics = createServerMetrics();
    retryHooks(metrics, silentLogger);

    expect(await metrics.registry.metrics()).not.toMatch(/^guard_outbound_retries_total\{/m);
  });
});
