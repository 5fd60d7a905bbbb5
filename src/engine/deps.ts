import type { Fleet } from '../../config/fleet.ts';
import type { FailureAnalysis } from '../analysis/failure-analysis.ts';
import type { Clusters } from '../ports/clusters.ts';
import type { Forge } from '../ports/forge.ts';
import type { Metrics } from '../ports/metrics.ts';
import type { StateStore } from '../ports/state-store.ts';
import type { WaveChecks } from '../rollout/wave-checks.ts';
import type { RolloutId } from './keys.ts';
import type { Logger } from './logger.ts';
import type { Notifier } from './notifier.ts';
import type { ProviderRegistry } from './read-request.ts';
import type { Timers } from './work-queue.ts';

/** What the clusters side of the world looks like for one fleet (built from its fleet.yaml). */
export interface FleetPorts {
  clusters: Clusters;
  /** Undefined when the fleet names no metrics backend. */
  metrics?: Metrics;
  checks: WaveChecks;
}

/** Everything the engine reaches the world through. Adapters are chosen by handlers/, never here. */
export interface EngineDeps {
  store: StateStore;
  /** The forge for a repository (GitHub: the installation's token; GitLab: the configured token). */
  forgeFor(target: { forge: RolloutId['forge']; project: string; installationId?: number }): Promise<Forge>;
  /** Clusters, metrics and judgements for a fleet; may be memoised by the caller. */
  portsFor(fleet: Fleet): FleetPorts;
  providers: ProviderRegistry;
  clock: () => Date;
  log: Logger;
  /**
   * This replica's name in leases, stable across its restarts (the server uses `POD_NAME`, else the
   * host name and port): restarted after a crash, it takes its own leases back at once.
   */
  owner: string;
  /**
   * How long a lease lives unrenewed before another replica may take over (default 30 s); a
   * heartbeat renews it every third of that while the work runs.
   */
  leaseMs?: number;
  /** Timers of the work queues and lease heartbeats (default: real ones). */
  timers?: Timers;
  /** Aborted when the engine abandons running work at shutdown: the heartbeats of its leases stop. */
  halt?: AbortSignal;
  /** Log every forge write instead of doing it (GUARD_DRY_RUN). Applied by the forge wrapper in handlers. */
  dryRun?: boolean;
  /** Delivers announcements (Slack, webhooks, Datadog events); none configured: GUARD announces nothing. */
  notifier?: Notifier;
  /** Asks a model about each failed wave and comments on its rollback MR (GUARD_ANALYSIS); off when absent. */
  analysis?: FailureAnalysis;
  /** GUARD_PUBLIC_URL, set when the rollout page is served: the soak comment and dashboard link to it. */
  publicUrl?: string;
  /** Store each soak evaluation's charts for the rollout page (GUARD_UI=on); off, nothing more is written. */
  keepCharts?: boolean;
}
