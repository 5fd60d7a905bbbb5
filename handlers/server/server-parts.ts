import type { Logger } from 'pino';
import type { Probot } from 'probot';
import type { OctokitLike } from '../../providers/forge/github/client.ts';
import { createAnnouncers } from '../../providers/notify/api.ts';
import { openStateStore } from '../../providers/state/api.ts';
import type { EngineDeps } from '../../src/engine/deps.ts';
import type { EventSink } from '../../src/engine/events.ts';
import { createNotifier, type Notifier } from '../../src/engine/notifier.ts';
import type { StateStore } from '../../src/ports/state-store.ts';
import { rememberSuccess } from '../../src/util/remember-success.ts';
import type { RetryDeps } from '../../src/util/with-retry.ts';
import { createGitHubApp } from '../github/create-github-app.ts';
import { createGitHubWebhookHandler } from '../github/create-github-webhook-handler.ts';
import { createGitLabWebhookHandler } from '../gitlab/create-gitlab-webhook-handler.ts';
import type { IngressFilter } from '../http/ingress-filter.ts';
import type { Route } from './create-server.ts';
import { countedFetch } from './forge-traffic.ts';
import { replicaIdentity } from './replica-identity.ts';
import { createRolloutPageRoute } from './rollout-page/rollout-page-route.ts';
import type { ServerMetrics } from './server-metrics.ts';
import { type Settings, SettingsError } from './settings.ts';
import { createSetupHandler } from './setup-page.ts';

/**
 * The store GUARD_STATE names, and how to let go of it at shutdown. The registry loads the AWS SDK
 * only for `dynamodb:`: it costs a good part of a second of start-up that the file store does not need.
 */
export async function openStore(
  settings: Settings,
  env: Record<string, string | undefined>,
  retry?: RetryDeps,
): Promise<{ store: StateStore; close(): Promise<void> }> {
  return openStateStore(settings.GUARD_STATE, { env, ...(retry && { retry }) });
}

/**
 * Probot (when the GitHub App is configured) and the engine's `forgeFor` over both forges. The forge
 * adapters and the GitLab client load at the first forge call or at `preload`, whichever comes
 * first: webhooks are verified and stored without them, so the server is ready before they load.
 */
export async function buildForges(input: {
  settings: Settings;
  log: Logger;
  metrics: ServerMetrics;
  fetch: typeof fetch;
  readFile(path: string): Promise<string>;
  /** The retry policy's hooks (the retry metric), for every forge client. */
  retry?: RetryDeps;
  /** Where GitLab's default branch names outlive the process (see createForgeFor). */
  store?: StateStore;
}): Promise<{ probot?: Probot; forgeFor: EngineDeps['forgeFor']; preload(): Promise<void> }> {
  const { settings: s, log, metrics } = input;
  let probot: Probot | undefined;
  if (s.APP_ID) {
    const privateKey = await privateKeyOf(s, input.readFile);
    const baseUrl = s.GHE_HOST ? `${s.GHE_PROTOCOL}://${s.GHE_HOST}/api/v3` : undefined;
    // Loaded only for GitHub: Probot costs a few hundred milliseconds of start-up.
    const { Probot } = await import('probot');
    const { GuardOctokit } = await import('../../providers/forge/github/guard-octokit.ts');
    probot = new Probot({
      // Probot's Octokit whose throttling plugin paces writes and hands every limit to GUARD's policy.
      Octokit: GuardOctokit,
      appId: s.APP_ID,
      privateKey,
      secret: s.WEBHOOK_SECRET,
      log: log.child({ component: 'probot' }),
      ...(baseUrl ? { baseUrl } : {}),
    });
  }
  const github = probot && {
    appId: Number(s.APP_ID),
    auth: async (id?: number) => (await probot.auth(id)) as unknown as OctokitLike,
  };
  const load = rememberSuccess(async () => {
    const [{ createForgeFor }, gitlabAdapter] = await Promise.all([
      import('./forge-for.ts'),
      s.GITLAB_TOKEN ? import('../../providers/forge/gitlab/index.ts') : undefined,
    ]);
    const gitlab = gitlabAdapter && {
      api: gitlabAdapter.createGitLabApi({
        host: s.GITLAB_URL,
        token: s.GITLAB_TOKEN!,
        fetch: countedFetch(input.fetch, metrics),
        ...(input.retry && { retry: input.retry }),
      }),
    };
    return createForgeFor({
      github,
      gitlab,
      metrics,
      log: log.child({ component: 'forge' }),
      ...(input.retry && { retry: input.retry }),
      ...(input.store && { store: input.store }),
    });
  });
  return {
    probot,
    forgeFor: async (target) => (await load())(target),
    preload: async () => void (await load()),
  };
}

/** PRIVATE_KEY (PEM, or its base64 for one-line environments) or the file PRIVATE_KEY_PATH names. */
async function privateKeyOf(s: Settings, readFile: (path: string) => Promise<string>): Promise<string> {
  if (s.PRIVATE_KEY) {
    if (s.PRIVATE_KEY.includes('-----BEGIN')) return s.PRIVATE_KEY.replace(/\\n/g, '\n');
    const decoded = Buffer.from(s.PRIVATE_KEY, 'base64').toString('utf8');
    if (decoded.includes('-----BEGIN')) return decoded;
    throw new SettingsError("PRIVATE_KEY: must be the GitHub App's PEM private key (or the PEM in base64)");
  }
  const path = s.PRIVATE_KEY_PATH!;
  const text = await readFile(path).catch((error: Error) => {
    throw new SettingsError(
      `PRIVATE_KEY_PATH: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? error.message}); give the path of the App's .pem file`,
    );
  });
  if (!text.includes('-----BEGIN'))
    throw new SettingsError(`PRIVATE_KEY_PATH: ${path} is not a PEM private key`);
  return text;
}

/** The webhook routes of the configured forges, and the setup page when GitHub is not configured. */
export async function buildRoutes(input: {
  settings: Settings;
  probot?: Probot;
  sink: EventSink;
  ingress: IngressFilter;
  log: Logger;
  appYml(): Promise<string>;
  envFile: string;
  fetch: typeof fetch;
}): Promise<{ github?: Route; gitlab?: ReturnType<typeof createGitLabWebhookHandler>; setup?: Route }> {
  const { settings: s, sink } = input;
  const log = input.log.child({ component: 'webhooks' });
  const github =
    input.probot &&
    (await createGitHubWebhookHandler({
      probot: input.probot,
      app: createGitHubApp({ sink, log, ...input.ingress }),
      log,
    }));
  const gitlab = s.GITLAB_TOKEN
    ? createGitLabWebhookHandler({ secret: s.GITLAB_WEBHOOK_SECRET, sink, log, ...input.ingress })
    : undefined;
  if (github) return { github, gitlab };
  const setup = createSetupHandler({
    appYml: await input.appYml().catch(() => 'name: GUARD\nurl: https://github.com/apps/guard\n'),
    envFile: input.envFile,
    ...(s.GHE_HOST ? { gheHost: s.GHE_HOST, gheProtocol: s.GHE_PROTOCOL } : {}),
    ...(s.WEBHOOK_PROXY_URL ? { webhookProxyUrl: s.WEBHOOK_PROXY_URL } : {}),
    gitlab: !!gitlab,
    fetch: input.fetch,
    log: input.log.child({ component: 'setup' }),
  });
  return { gitlab, setup };
}

/** What the parts that send evidence out (announcements, failure analysis) are built from. */
export interface OutboundInput {
  settings: Settings;
  env: Record<string, string | undefined>;
  store: StateStore;
  metrics: ServerMetrics;
  log: Logger;
  fetch: typeof fetch;
  clock?: () => Date;
}

/**
 * The notifier, when any announcement sink is configured (Slack, the generic webhook, Datadog
 * events); undefined otherwise, and GUARD then announces nothing. Under GUARD_DRY_RUN sinks only log.
 */
export function buildNotifier(input: OutboundInput): Notifier | undefined {
  const { settings: s, log } = input;
  const found = createAnnouncers({ env: input.env, fetch: input.fetch });
  if (found.length === 0) return undefined;
  const announcers = s.GUARD_DRY_RUN
    ? found.map((sink) => ({
        ...sink,
        announce: async (a: { event: string; id: string }) =>
          log.info(
            { dryRun: true, sink: sink.id, event: a.event, id: a.id },
            'dry run: notification skipped',
          ),
      }))
    : found;
  log.info({ sinks: announcers.map((a) => a.id) }, 'notifications on');
  return createNotifier({
    store: input.store,
    announcers,
    clock: input.clock ?? (() => new Date()),
    log,
    owner: replicaIdentity(s),
    ...(s.GUARD_PUBLIC_URL ? { publicUrl: s.GUARD_PUBLIC_URL } : {}),
    onDelivery: (sink, outcome) => input.metrics.notifications.inc({ sink, outcome }),
  });
}

/** The read-only rollout page under /rollouts when GUARD_UI=on; undefined (a 404, as before) otherwise. */
export function buildRolloutPage(input: {
  settings: Settings;
  store: StateStore;
  log: Logger;
  clock?: () => Date;
}): Route | undefined {
  const { settings: s } = input;
  if (!s.GUARD_UI) return undefined;
  const log = input.log.child({ component: 'rollout-page' });
  log.info(
    { path: '/rollouts', access: s.GUARD_UI_TOKEN ? 'bearer token' : 'loopback only' },
    'rollout page on',
  );
  return createRolloutPageRoute({
    store: input.store,
    ...(s.GUARD_UI_TOKEN ? { token: s.GUARD_UI_TOKEN } : {}),
    ...(s.GUARD_PUBLIC_URL ? { publicUrl: s.GUARD_PUBLIC_URL } : {}),
    ...(input.clock ? { clock: input.clock } : {}),
    log,
  });
}
