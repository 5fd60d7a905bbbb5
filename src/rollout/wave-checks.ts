import type { Fleet, Service } from '../../config/fleet.ts';
import type { UpgradeRequest } from '../../config/upgrade.ts';
import type { CheckOutcome, ServiceProvider } from '../ports/service-provider.ts';
import type { WaveCluster } from './model.ts';
import type { SoakCharts } from './soak-charts.ts';

/**
 * The two judgements reconcile asks for while a wave runs: prechecks on its open MR, and one soak
 * evaluation per interval once every cluster applied. Implementations live in src/prechecks and
 * src/verdicts and reach clusters and metrics only through their ports.
 */
export interface WaveChecks {
  prechecks(input: PrecheckInput): Promise<PrecheckReport>;
  soak(input: SoakInput): Promise<SoakReport>;
}

/** The rollout a wave belongs to, as both judgements see it. */
export interface WaveContext {
  fleet: Fleet;
  serviceName: string;
  service: Service;
  provider: ServiceProvider;
  request: UpgradeRequest;
  /** Target version and strategy (request `strategy` or the provider's default). */
  version: string;
  strategy: string;
  /** 1-based wave index and its batch, for report titles. */
  wave: { index: number; count: number; batch: string };
  /** The wave's clusters with the fields (and previous versions) its MR changes. */
  clusters: readonly WaveCluster[];
}

export interface PrecheckInput extends WaveContext {
  now: Date;
}

/** Per-cluster rows of ✅ ❌ ⚠️; any ❌ fails `guard/precheck`. */
export interface PrecheckReport {
  passed: boolean;
  /** One line: the check's title and GitLab status description (≤ 255 characters). */
  title: string;
  /** The sticky precheck comment and the check summary (≤ 65,535 characters). */
  markdown: string;
  rows: { cluster: string; outcomes: CheckOutcome[] }[];
}

export interface SoakInput extends WaveContext {
  /** Merge time of the wave MR: metrics before it are the same-cluster baseline. */
  mergedAt: Date;
  /** When every cluster applied the target: the soak window starts here. */
  appliedAt: Date;
  now: Date;
  /**
   * Not-yet-upgraded clusters of the same environments (later waves), as a concurrent control
   * group; empty when there are none.
   */
  controls: readonly string[];
  /** What an earlier evaluation of this soak returned as `baseline`, restored after a restart. */
  baseline?: unknown;
}

export interface SoakReport {
  /** This evaluation's verdict per cluster of the wave. */
  verdicts: Record<string, 'pass' | 'fail' | 'inconclusive'>;
  /** Per cluster that did not pass, one line saying why (what failed, or what data is missing). */
  reasons?: Record<string, string>;
  /** One line for `guard/soak`. */
  title: string;
  /** The evidence: per check and cluster, with sparklines of baseline vs current where it failed. */
  markdown: string;
  /** Baseline figures to keep in the rollout state, so a restart judges against the same baseline. */
  baseline?: unknown;
  /** The evaluation as charts (per metric and cluster), stored apart for the rollout page. */
  charts?: SoakCharts;
}
