import type { FieldChange, RolloutState, WaveState } from '../rollout/model.ts';

/** Clusters, fields and evidence kept per request: enough for any prompt, small enough for a store item. */
const MAX_CLUSTERS = 200;
const MAX_FIELDS = 10;
const MAX_SOAK = 12_000;

/** One cluster of the failed wave: its soak counters and what the wave changed on it. */
export interface ClusterEvidence {
  name: string;
  environment: string;
  /** The cluster failed the wave (soak failures, or named by the failure's reason). */
  failing: boolean;
  /** Consecutive failing and total passing soak evaluations. */
  failures: number;
  passes: number;
  fields: FieldChange[];
}

/**
 * What GUARD knew about a failed wave when its rollback MR opened: the evidence it already shows
 * in MR comments, taken from the rollout state then, so a later change of the rollout (a new
 * attempt) cannot change what the analysis reads.
 */
export interface WaveEvidence {
  service: string;
  version: string;
  wave: { index: number; of: number; batch: string };
  mergedAt?: string;
  appliedAt?: string;
  failure: { at: string; reason: string };
  /** Failing clusters first; at most 200. */
  clusters: ClusterEvidence[];
  /** Clusters of the wave left out of `clusters`. */
  moreClusters: number;
  /** The latest soak evaluation's evidence, markdown as the soak comment shows it. */
  soak?: string;
  /**
   * Where the service's workloads run (fleet.yaml or the provider's defaults), for Kubernetes
   * events; read when the analysis runs, from fleet.yaml at the default branch head.
   */
  workloads: { namespace?: string; names: string[] };
}

/** The evidence of `wave` of `state`, workloads not yet known; `wave.failure` should be set. */
export function waveEvidence(state: RolloutState, wave: WaveState): WaveEvidence {
  const failure = wave.failure ?? { at: state.updatedAt, reason: state.reason ?? 'wave failed' };
  const failing = failingClusters(wave, failure.reason);
  const clusters = wave.clusters
    .map((c) => ({
      name: c.name,
      environment: c.environment,
      failing: failing.has(c.name),
      failures: wave.soak?.failures[c.name] ?? 0,
      passes: wave.soak?.passes[c.name] ?? 0,
      fields: c.fields.slice(0, MAX_FIELDS),
    }))
    .sort((a, b) => Number(b.failing) - Number(a.failing));
  return {
    service: state.service,
    version: state.version,
    wave: { index: wave.index, of: state.waves.length, batch: wave.batch },
    ...(wave.mergedAt ? { mergedAt: wave.mergedAt } : {}),
    ...(wave.appliedAt ? { appliedAt: wave.appliedAt } : {}),
    failure: { at: failure.at, reason: failure.reason },
    clusters: clusters.slice(0, MAX_CLUSTERS),
    moreClusters: Math.max(0, clusters.length - MAX_CLUSTERS),
    ...(wave.evidence ? { soak: wave.evidence.slice(0, MAX_SOAK) } : {}),
    workloads: { names: [] },
  };
}

/**
 * Clusters with failing soak evaluations; else those the reason names (a rollout timeout lists the
 * clusters that did not apply); else, when nothing points anywhere (a person's rollback), all.
 */
function failingClusters(wave: WaveState, reason: string): Set<string> {
  const soaked = wave.clusters.filter((c) => (wave.soak?.failures[c.name] ?? 0) > 0).map((c) => c.name);
  if (soaked.length > 0) return new Set(soaked);
  const named = wave.clusters
    .map((c) => c.name)
    .filter((name) => new RegExp(`(^|[^A-Za-z0-9_.-])${literal(name)}($|[^A-Za-z0-9_-])`).test(reason));
  return new Set(named.length > 0 ? named : wave.clusters.map((c) => c.name));
}

function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
