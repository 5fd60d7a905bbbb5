import Bottleneck from 'bottleneck';
import { pino } from 'pino';
import { Probot, type ProbotOctokit } from 'probot';
import { GuardOctokit } from '../../../../providers/forge/github/guard-octokit.ts';
import { FAKE_APP } from '../../../fakes/github-server/fake-app.ts';

/**
 * The server's Octokit class (GuardOctokit: Probot's, every plugin on — throttling, retry,
 * pagination, … — with GUARD's limit handlers and the GHES GraphQL path), only the throttling
 * plugin's clocks shortened through its documented options (`write`, `notifications`, `search`
 * Bottleneck groups, `retryAfterBaseValue`): in production GitHub writes are spaced a second apart
 * and notifying ones three, which tests would wait for.
 */
const fastGroups = () => ({
  write: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }),
  notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }),
  search: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }),
});

export const TestProbotOctokit = GuardOctokit.defaults((options: Record<string, unknown>) => ({
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
 * Probot as the server builds it: `new Probot({ appId, privateKey, secret, log, baseUrl })`
 * (handlers/server/server-parts.ts), on Probot's Octokit class with the clocks above and the fake's
 * fetch. `baseUrl` is a GitHub Enterprise Server's REST base, as the server passes it from
 * `GHE_HOST`; github.com when absent.
 */
export function productionProbot(input: {
  fetch: typeof fetch;
  baseUrl?: string;
  /** Another Octokit class built on GuardOctokit (a test that watches the throttling groups). */
  Octokit?: typeof GuardOctokit;
}): {
  probot: Probot;
  log: ProbotLogLines;
} {
  const log: ProbotLogLines = { lines: [] };
  const probot = new Probot({
    appId: FAKE_APP.id,
    privateKey: FAKE_APP.privateKey,
    secret: 'fake-webhook-secret',
    log: pino(
      { level: 'info' },
      { write: (line: string) => void log.lines.push(JSON.parse(line) as { level: number; msg: string }) },
    ),
    Octokit: input.Octokit ?? TestProbotOctokit,
    request: { fetch: input.fetch },
    ...(input.baseUrl ? { baseUrl: input.baseUrl } : {}),
  });
  return { probot, log };
}

/**
 * The installation Octokit exactly as the server gets it: `probot.auth(installationId)`
 * (handlers/server/forge-for.ts), the token issued by the fake for the App's signed JWT.
 */
export async function productionOctokit(input: {
  fetch: typeof fetch;
  baseUrl?: string;
  Octokit?: typeof GuardOctokit;
}): Promise<{ octokit: InstanceType<typeof ProbotOctokit>; log: ProbotLogLines }> {
  const { probot, log } = productionProbot(input);
  const octokit = await probot.auth(FAKE_APP.installationId);
  return { octokit, log };
}
