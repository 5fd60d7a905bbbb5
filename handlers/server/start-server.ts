import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { DestinationStream, Logger } from 'pino';
import { lookupServiceProvider, serviceProviders } from '../../providers/services/api.ts';
import type { EngineDeps } from '../../src/engine/deps.ts';
import { createEngine, type Engine } from '../../src/engine/engine.ts';
import type { StateStore } from '../../src/ports/state-store.ts';
import { parseCommand } from '../commands/parse-command.ts';
import { buildFailureAnalysis } from './build-analysis.ts';
import { createLogger } from './create-logger.ts';
import { createServer } from './create-server.ts';
import { dryRunForgeFor } from './dry-run.ts';
import { createIngressFilter } from './ingress.ts';
import { instrumentSink } from './instrument-sink.ts';
import { instrumentStore } from './instrument-store.ts';
import { createPortsFor, type PortsForDeps } from './ports-for.ts';
import { replicaIdentity } from './replica-identity.ts';
import { type ReadSecret, resolveSecrets } from './resolve-secrets.ts';
import { retryHooks } from './retry-hooks.ts';
import { createRolloutPhases } from './rollout-phases.ts';
import { createServerMetrics, type ServerMetrics } from './server-metrics.ts';
import {
  buildForges,
  buildNotifier,
  buildRolloutPage,
  buildRoutes,
  type OutboundInput,
  openStore,
} from './server-parts.ts';
import { parseSettings, type Settings } from './settings.ts';
import { GITLAB_SETUP_STEPS } from './setup-html.ts';
import { startTick, type TickDeps } from './tick.ts';

export interface StartOptions {
  /** The process environment, `.env` already merged in. */
  env: Record<string, string | undefined>;
  /** Where app.yml and .env live (default `process.cwd()`). */
  cwd?: string;
  /** Interface to listen on (default: all). */
  host?: string;
  /** Log destination (default stdout); tests capture it. */
  logDestination?: DestinationStream;
  fetch?: typeof fetch;
  clock?: () => Date;
  /** Reads `aws-secretsmanager:` settings (default: AWS Secrets Manager over the default chain). */
  readSecret?: ReadSecret;
  /** Test and bench seams: replace the store, the forges, the clusters or the cron. */
  store?: StateStore;
  forgeFor?: EngineDeps['forgeFor'];
  clustersFor?: PortsForDeps['clustersFor'];
  schedule?: TickDeps['schedule'];
}

export interface RunningServer {
  url: string;
  port: number;
  settings: Settings;
  engine: Engine;
  metrics: ServerMetrics;
  log: Logger;
  /**
   * Shutdown: not ready at once, running work gets `graceMs` (default GUARD_SHUTDOWN_GRACE) to end,
   * then the listener and the store close. Deliveries that arrive meanwhile are still stored (not
   * run): see docs/operations.md, "Shutdown".
   */
  close(graceMs?: number): Promise<void>;
}

/** Builds GUARD from its settings and listens. Throws SettingsError (one line) on a bad setting. */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const cwd = options.cwd ?? process.cwd();
  const fetchFn = options.fetch ?? globalThis.fetch;
  const env = await resolveSecrets(options.env, options.readSecret);
  const settings = parseSettings(env);
  const log = createLogger(settings.LOG_LEVEL, options.logDestination);
  const metrics = createServerMetrics();
  // The one retry policy's hooks, shared by every outbound client: guard_outbound_retries_total.
  const retry = retryHooks(metrics, log.child({ component: 'outbound' }));
  const opened = options.store
    ? { store: options.store, close: async () => {} }
    : await openStore(settings, env, retry);
  const store = instrumentStore(opened.store, { metrics, log: log.child({ component: 'audit' }) });
  const forges = await buildForges({
    settings,
    log,
    metrics,
    fetch: fetchFn,
    readFile: (p) => readFile(join(cwd, p), 'utf8'),
    retry,
    store,
  });
  const baseForgeFor = options.forgeFor ?? forges.forgeFor;
  const outbound: OutboundInput = {
    settings,
    env,
    store,
    metrics,
    log,
    fetch: fetchFn,
    clock: options.clock,
  };
  const notifier = buildNotifier(outbound);
  const world = {
    forgeFor: settings.GUARD_DRY_RUN ? dryRunForgeFor(baseForgeFor, log) : baseForgeFor,
    portsFor: createPortsFor({
      env,
      kubeconfig: settings.KUBECONFIG,
      metrics,
      log,
      keepCharts: settings.GUARD_UI,
      retry,
      clustersFor: options.clustersFor,
    }),
    providers: { lookup: lookupServiceProvider, ids: [...serviceProviders.keys()] },
  };
  const analysis = buildFailureAnalysis({ ...outbound, engine: world });
  const engine = createEngine({
    store,
    ...world,
    clock: options.clock ?? (() => new Date()),
    log: log.child({ component: 'engine' }),
    owner: replicaIdentity(settings),
    dryRun: settings.GUARD_DRY_RUN,
    ...(notifier ? { notifier } : {}),
    ...(analysis ? { analysis } : {}),
    // The soak comment and the dashboard link the rollout page when there is one to link.
    ...(settings.GUARD_UI && settings.GUARD_PUBLIC_URL ? { publicUrl: settings.GUARD_PUBLIC_URL } : {}),
    keepCharts: settings.GUARD_UI,
    parseCommand,
    gatherMs: 1_000,
  });
  metrics.observe({
    queueDepth: () => ({ jobs: engine.jobs.depth(), rollouts: engine.rollouts.depth() }),
    rolloutPhases: createRolloutPhases(store),
  });
  const sink = instrumentSink(engine.sink, { metrics, log: log.child({ component: 'webhooks' }) });
  const routes = await buildRoutes({
    settings,
    probot: forges.probot,
    sink,
    ingress: createIngressFilter(metrics),
    log,
    appYml: () => readFile(join(cwd, 'app.yml'), 'utf8'),
    envFile: join(cwd, '.env'),
    fetch: fetchFn,
  });
  const rollouts = buildRolloutPage({ settings, store, log, clock: options.clock });
  const server = createServer({ ...routes, rollouts, metrics, log, ready: () => readiness(store) });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.PORT, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : settings.PORT;
  const url = `http://${options.host ?? 'localhost'}:${port}`;
  const tick = startTick({
    expression: settings.GUARD_TICK,
    tick: () => engine.tick(),
    log: log.child({ component: 'tick' }),
    schedule: options.schedule,
  });
  // Jobs a previous process stored but did not finish run now, not a tick later.
  void tick.run();
  // Ready first, then the forge clients (a second later, not to hold up the first readiness probe);
  // a job that comes sooner loads them itself.
  if (!options.forgeFor) {
    const preload = () =>
      forges
        .preload()
        .catch((error: unknown) =>
          log.error({ err: (error as Error).message }, 'forge clients did not load'),
        );
    setTimeout(preload, 1_000).unref();
  }
  announce(log, settings, url, !!routes.github, !!routes.gitlab);

  let closing: Promise<void> | undefined;
  const close = (graceMs = settings.GUARD_SHUTDOWN_GRACE) => {
    closing ??= (async () => {
      const deadline = Date.now() + graceMs;
      log.info(
        { graceMs },
        'guard stopping: not ready; deliveries are stored for later; running work has the grace',
      );
      server.draining();
      // The tick only enqueues, but its discovery reads the forge: it gets the same deadline.
      const [, stopped] = await Promise.all([
        within(tick.stop(), deadline),
        engine.stop(Math.max(0, deadline - Date.now())),
      ]);
      await closeListener(server, 1_000);
      await opened.close();
      log.info({ abandoned: stopped.abandoned }, 'guard stopped');
    })();
    return closing;
  };
  return { url, port, settings, engine, metrics, log, close };
}

/** Resolves when `work` ends or at `deadline`, whichever is first. */
async function within(work: Promise<unknown>, deadline: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    work,
    new Promise((resolve) => {
      timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
    }),
  ]);
  clearTimeout(timer);
}

/** Stops listening; requests in flight get `ms` to be answered before their connections are cut. */
async function closeListener(server: Server, ms: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  await within(closed, Date.now() + ms);
  server.closeAllConnections();
}

async function readiness(store: StateStore): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve('state store did not answer within 5 s'), 5_000);
  });
  const ping = store.ping().then(
    () => undefined,
    (error: unknown) => `state store unreachable: ${(error as Error).message}`,
  );
  try {
    return await Promise.race([ping, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function announce(log: Logger, settings: Settings, url: string, github: boolean, gitlab: boolean): void {
  const webhooks = [github && `${url}/api/github/webhooks`, gitlab && `${url}/api/gitlab/webhooks`].filter(
    Boolean,
  );
  log.info(
    { url, webhooks, state: settings.GUARD_STATE, tick: settings.GUARD_TICK, dryRun: settings.GUARD_DRY_RUN },
    'guard ready',
  );
  if (!github)
    log.info(
      { setup: `${url}/` },
      'no GitHub App configured: open the setup page to register one from app.yml',
    );
  if (!gitlab)
    log.info(
      { steps: GITLAB_SETUP_STEPS },
      'GitLab is off: set GITLAB_TOKEN and GITLAB_WEBHOOK_SECRET to turn it on',
    );
}
