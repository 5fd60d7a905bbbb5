import Bottleneck from 'bottleneck';
import { pino } from 'pino';
import { Probot, ProbotOctokit } from 'probot';
import { FAKE_APP } from '../../../fakes/github-server/app-auth.ts';

/**
 * Probot's own Octokit class with every plugin on (throttling, retry, pagination, …) and Probot's
 * rate-limit handlers, only the throttling plugin's clocks shortened through its documented options
 * (`write`, `notifications`, `search` Bottleneck groups, `retryAfterBaseValue`): in production
 * GitHub writes are spaced a second apart and notifying ones three, which tests would wait for.
 */
const fastGroups = () => ({
  write: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }),
  notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }),
  search: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }),
});

export const TestProbotOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  throttle: {
    ...(options.throttle as object),
    ...fastGroups(),
    // A wait of N seconds becomes N milliseconds.
    retryAfterBaseValue: 1,
  },
}));

/** Probot's log lines, to see what its plugins decided (e.g. "Request quota exhausted …"). */
export interface ProbotLogLines {
  lines: { level: number; msg: string }[];
}

/**
 * The installation Octokit exactly as the server gets it: `new Probot({ appId, privateKey, baseUrl })`
 * (handlers/server/server-parts.ts) and `probot.auth(installationId)` (handlers/server/forge-for.ts),
 * the token issued by the fake for the App's signed JWT. `baseUrl` is the REST base of a GitHub
 * Enterprise Server, as the server passes it; github.com when absent.
 */
export async function productionOctokit(input: {
  fetch: typeof fetch;
  baseUrl?: string;
}): Promise<{ octokit: InstanceType<typeof ProbotOctokit>; log: ProbotLogLines }> {
  const log: ProbotLogLines = { lines: [] };
  const probot = new Probot({
    appId: FAKE_APP.id,
    privateKey: FAKE_APP.privateKey,
    secret: 'fake-webhook-secret',
    log: pino(
      { level: 'info' },
      { write: (line: string) => void log.lines.push(JSON.parse(line) as { level: number; msg: string }) },
    ),
    Octokit: TestProbotOctokit,
    request: { fetch: input.fetch },
    ...(input.baseUrl ? { baseUrl: input.baseUrl } : {}),
  });
  const octokit = await probot.auth(FAKE_APP.installationId);
  return { octokit, log };
}
