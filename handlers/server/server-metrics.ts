import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Where the gauges read their values at scrape time. */
export interface MetricSources {
  /** Work waiting and running, per queue (`jobs`, `rollouts`). */
  queueDepth(): Record<string, { queued: number; running: number; delayed: number }>;
  /** Rollouts per phase, read from the store (cached by the caller between scrapes). */
  rolloutPhases(): Promise<Record<string, number>>;
}

/** GUARD's Prometheus metrics (DESIGN section 8) on their own registry, so tests get a fresh one each. */
export interface ServerMetrics {
  readonly registry: Registry;
  deliveries: Counter<'forge' | 'event' | 'outcome'>;
  webhooksDropped: Counter<'forge' | 'reason'>;
  webhookResponses: Counter<'forge' | 'status'>;
  reconcileSeconds: Histogram<never>;
  reconcilesBusy: Counter<never>;
  forgeRequests: Counter<'forge' | 'status'>;
  rateLimitRemaining: Gauge<'forge'>;
  verdicts: Counter<'outcome'>;
  prechecks: Counter<'outcome'>;
  notifications: Counter<'sink' | 'outcome'>;
  /** Retries of outbound calls under the one retry policy (src/util/with-retry.ts). */
  outboundRetries: Counter<'service' | 'reason' | 'wait'>;
  analyses: Counter<'analyst' | 'outcome'>;
  /** Connects the scrape-time gauges to the running engine and store. */
  observe(sources: MetricSources): void;
}

export function createServerMetrics(): ServerMetrics {
  const registry = new Registry();
  // prom-client's own names already say process_/nodejs_: the prefix only namespaces them as GUARD's.
  collectDefaultMetrics({ register: registry, prefix: 'guard_' });
  const registers = [registry];
  let sources: MetricSources | undefined;
  new Gauge({
    name: 'guard_queue_depth',
    help: 'Work items per queue and state (queued, running, delayed).',
    labelNames: ['queue', 'state'],
    registers,
    collect() {
      this.reset();
      for (const [queue, depth] of Object.entries(sources?.queueDepth() ?? {}))
        for (const [state, n] of Object.entries(depth) as [string, number][]) this.set({ queue, state }, n);
    },
  });
  new Gauge({
    name: 'guard_rollouts',
    help: 'Rollouts in the state store by phase.',
    labelNames: ['phase'],
    registers,
    async collect() {
      // A store that cannot be read leaves the gauge empty; /readyz says why.
      const phases: Record<string, number> = (await sources?.rolloutPhases().catch(() => ({}))) ?? {};
      this.reset();
      for (const [phase, n] of Object.entries(phases)) this.set({ phase }, n);
    },
  });
  return {
    registry,
    deliveries: new Counter({
      name: 'guard_webhook_deliveries_total',
      help: 'Verified webhook deliveries handed to the engine, by forge, event kind and outcome (accepted, duplicate, failed).',
      labelNames: ['forge', 'event', 'outcome'],
      registers,
    }),
    webhooksDropped: new Counter({
      name: 'guard_webhook_dropped_total',
      help: 'Verified webhook deliveries dropped at ingress because they cannot concern GUARD, by forge and reason.',
      labelNames: ['forge', 'reason'],
      registers,
    }),
    webhookResponses: new Counter({
      name: 'guard_webhook_responses_total',
      help: 'Answers to webhook requests by forge and HTTP status (401: bad signature or token).',
      labelNames: ['forge', 'status'],
      registers,
    }),
    reconcileSeconds: new Histogram({
      name: 'guard_reconcile_duration_seconds',
      help: 'Time one reconcile of a rollout held its lease.',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers,
    }),
    reconcilesBusy: new Counter({
      name: 'guard_reconciles_busy_total',
      help: 'Reconciles skipped because another replica held the rollout lease.',
      registers,
    }),
    forgeRequests: new Counter({
      name: 'guard_forge_requests_total',
      help: 'Requests to the forge APIs by forge and HTTP status.',
      labelNames: ['forge', 'status'],
      registers,
    }),
    rateLimitRemaining: new Gauge({
      name: 'guard_forge_rate_limit_remaining',
      help: 'Requests left in the current rate-limit window, as the forge last reported it.',
      labelNames: ['forge'],
      registers,
    }),
    verdicts: new Counter({
      name: 'guard_soak_verdicts_total',
      help: 'Per-cluster soak verdicts by outcome (pass, fail, inconclusive).',
      labelNames: ['outcome'],
      registers,
    }),
    prechecks: new Counter({
      name: 'guard_prechecks_total',
      help: 'Wave precheck runs by outcome (passed, failed).',
      labelNames: ['outcome'],
      registers,
    }),
    notifications: new Counter({
      name: 'guard_notifications_total',
      help: 'Announcement deliveries by sink (slack, webhook, datadog-events) and outcome (sent, failed: will retry, abandoned).',
      labelNames: ['sink', 'outcome'],
      registers,
    }),
    outboundRetries: new Counter({
      name: 'guard_outbound_retries_total',
      help: 'Outbound calls tried again, by service (github, gitlab, datadog, prometheus, kubernetes, aws-*), reason (server-error, network, rate-limit, secondary-limit, throttled, …) and wait (in-place: a short backoff inside the call; requeue: a longer wait the engine takes over).',
      labelNames: ['service', 'reason', 'wait'],
      registers,
    }),
    analyses: new Counter({
      name: 'guard_failure_analyses_total',
      help: 'Failure analyses by backend (bedrock, openai) and outcome (posted; timeout or error: left out; abandoned: lost or not postable).',
      labelNames: ['analyst', 'outcome'],
      registers,
    }),
    observe(next) {
      sources = next;
    },
  };
}
