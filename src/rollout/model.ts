import type { UpgradeRequest } from '../../config/upgrade.ts';
import type { Announcement } from '../ports/announcer.ts';
import type { MergeRequest } from '../ports/forge.ts';

/** A wave's lifecycle (DESIGN section 5). */
export type WavePhase =
  | 'pending' // not started: an earlier wave is still running
  | 'open' // wave MR open, prechecks running
  | 'ready' // prechecks passed, waiting for a human to merge
  | 'blocked' // prechecks failed (or outside a maintenance window), merge blocked by guard/precheck
  | 'merged' // merge seen; baselines being captured
  | 'applying' // waiting for every cluster to apply the new version (rolloutTimeout)
  | 'soaking' // judged every soak interval
  | 'passed'
  | 'failed'
  | 'rolling-back' // rollback MR open or merged, waiting for clusters to be back
  | 'rolled-back';

/** A rollout's lifecycle (DESIGN section 5). */
export type RolloutPhase =
  | 'active'
  | 'paused'
  | 'stopped'
  | 'completed'
  | 'failed'
  | 'rolled-back'
  | 'superseded';

/** One version field a wave changes, with the version it had before (for the rollback). */
export interface FieldChange {
  file: string;
  chart: string;
  resource: string;
  field: string;
  from: string;
  to: string;
}

/** A cluster of a wave, recorded when the wave's MR is opened. */
export interface WaveCluster {
  name: string;
  environment: string;
  fields: FieldChange[];
}

export interface MrRef {
  number: number;
  url: string;
  branch: string;
}

export interface SoakState {
  /** ISO time the soak clock started (every cluster applied). */
  startedAt: string;
  /** Soak time accumulated so far, excluding paused time. */
  elapsedMs: number;
  /** ISO time `elapsedMs` was last brought up to date. */
  countedAt: string;
  /** ISO time of the last evaluation. */
  lastEvaluatedAt?: string;
  /** Consecutive failing evaluations per cluster (reset by a pass). */
  failures: Record<string, number>;
  /** Passing evaluations per cluster: a cluster with none at the end has insufficient evidence. */
  passes: Record<string, number>;
  /** Evaluations so far, and how many had insufficient evidence for some cluster. */
  evaluations: number;
  inconclusive: number;
  /** Set once the soak has been extended for insufficient evidence (onNoData: extend). */
  extended?: boolean;
  /**
   * Set when the extended soak still ended without evidence for some cluster: the wave holds
   * (`guard/soak` neutral) until a person comments `/guard skip-soak` or `/guard rollback`. Missing
   * data never rolls back by itself.
   */
  held?: { at: string; reason: string };
  /** Per cluster, why its latest evaluation had no evidence (what a held wave's comment shows). */
  missing?: Record<string, string>;
  /**
   * Evaluations the soak must have seen before it may pass: set when its time ran out short of 80%
   * of those its length implies (GUARD was away for part of it).
   */
  needEvaluations?: number;
  /** Baseline figures the soak judge captured at its first evaluation (opaque to decide). */
  baseline?: unknown;
}

export interface WaveState {
  /** 1-based. */
  index: number;
  batch: string;
  soakMs: number;
  phase: WavePhase;
  /** `guard/<service>/<version>/<batch>` (DESIGN section 3). */
  branch: string;
  mr?: MrRef;
  /** Recorded when the MR is opened; the rollback restores each field's `from`. */
  clusters: WaveCluster[];
  mergedAt?: string;
  mergeSha?: string;
  appliedAt?: string;
  soak?: SoakState;
  /** The latest soak evaluation's evidence (markdown, bounded), for the soak check and a rollback MR. */
  evidence?: string;
  /** What the sticky soak comment last showed (verdicts and counts), so it is edited only on change. */
  soakShown?: string;
  /** Why the wave failed: soak evidence, rollout timeout, a failed apply. */
  failure?: { at: string; reason: string };
  skipSoak?: { by: string; at: string; reason: string };
  rollback?: { branch: string; mr?: MrRef; mergedAt?: string; reason: string };
  /** Set while the wave waits for a maintenance window, so the wait is announced once, not every tick. */
  waitingForWindow?: { opensAt?: string };
  /** `/guard rollback` on the dashboard queues every merged wave; they roll back newest first. */
  rollbackRequested?: { by: string; at: string; reason: string };
}

export interface RolloutState {
  /** `<forge>:<project>:<service>`. */
  key: string;
  service: string;
  version: string;
  /** Digest of the request document; a changed document is a new attempt (supersede). */
  digest: string;
  phase: RolloutPhase;
  /** Why the rollout is in its phase, for people. */
  reason?: string;
  waves: WaveState[];
  dashboard?: { number: number; url: string };
  /** ISO time paused (pause stops the soak clock and promotion). */
  pausedAt?: string;
  /** Ids of the commands already carried out or refused, so a redelivered command does nothing. */
  handledCommands?: string[];
  /** MRs of earlier attempts: never adopted, even when this attempt reuses their branch (same version). */
  staleMrs?: number[];
  /** Actions the forge kept refusing (JSON), not tried again in this attempt; see drain-outbox. */
  abandoned?: string[];
  createdAt: string;
  updatedAt: string;
}

/** A command accepted for this rollout and not yet carried out. */
export interface AcceptedCommand {
  id: string;
  name: 'recheck' | 'pause' | 'resume' | 'rollback' | 'skip-soak';
  by: string;
  at: string;
  reason?: string;
  /** The MR (or dashboard issue) the command was written on. */
  on: { kind: 'mr' | 'issue'; number: number };
}

/** The waves of the current request as the planner laid them out (fleet + request + repo files). */
export interface PlannedWave {
  batch: string;
  soakMs: number;
  clusters: WaveCluster[];
}

/** What reconcile read before deciding; only what the current phase needs is filled in. */
export interface Observed {
  /** The request document on the default branch; undefined once it was removed. */
  request?: { request: UpgradeRequest; digest: string };
  /** The plan of that request (waves in order); present whenever `request` is. */
  plan?: PlannedWave[];
  /** MRs found by branch (wave and rollback branches of this rollout). */
  mrs: Record<string, MergeRequest | undefined>;
  /** Maintenance window: may a wave MR be opened now? */
  window: { open: boolean; opensAt?: string };
  /** Precheck outcome for the open wave MR, when prechecks were run this time. */
  prechecks?: { passed: boolean; summary: string };
  /** Applied status per cluster of the wave in `applying` or `rolling-back`. */
  applied?: Record<string, 'applied' | 'pending' | 'failed'>;
  /** This tick's soak verdict per cluster, when an evaluation was due. */
  verdicts?: Record<string, 'pass' | 'fail' | 'inconclusive'>;
  /** With `verdicts`: one line per cluster that did not pass, saying why (e.g. what data is missing). */
  soakReasons?: Record<string, string>;
  /** That evaluation's evidence (markdown) and the judge's baseline, kept with the wave. */
  evidence?: { markdown: string; baseline?: unknown };
  commands: AcceptedCommand[];
}

/** What decide asks reconcile to do; each is idempotent (deterministic names, look before create). */
export type Action =
  | { kind: 'open-wave-mr'; wave: number }
  | { kind: 'run-prechecks'; wave: number }
  | { kind: 'set-precheck'; wave: number; state: 'pending' | 'success' | 'failure'; title: string }
  | { kind: 'close-mr'; number: number; comment: string }
  | { kind: 'comment'; on: { kind: 'mr' | 'issue'; number: number }; body: string }
  | {
      kind: 'set-soak-check';
      wave: number;
      state: 'pending' | 'success' | 'failure' | 'neutral';
      title: string;
    }
  | { kind: 'open-rollback-mr'; wave: number; reason: string }
  | { kind: 'merge-mr'; number: number }
  | { kind: 'update-soak-comment'; wave: number }
  | { kind: 'update-dashboard' }
  | { kind: 'close-dashboard' }
  /** Tell Slack, webhooks, Datadog (stored for the notifier, never holding the rollout back); `seq` keeps their order. */
  | { kind: 'announce'; announcement: Announcement; seq: number };

export interface Decision {
  /** The state to persist (compare-and-swap on its version). */
  state: RolloutState;
  actions: Action[];
  /** Audit lines for every transition and command (who/what/why). */
  audit: { actor: string; action: string; reason: string }[];
  /** When to look again even if nothing happens (soak interval, timeouts); undefined = on events only. */
  requeueAfterMs?: number;
}
