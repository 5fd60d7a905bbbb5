import { parseDuration } from '../../config/common.ts';
import type { Metric } from '../../config/fleet.ts';

export type MetricKind = NonNullable<Metric['kind']>;
export type Direction = 'increase' | 'decrease' | 'either';

/** A soak metric with every default filled in: what the judge actually applies. */
export interface MetricSpec {
  name: string;
  kind: MetricKind;
  /** The query as configured (with `$clusters`), for the evidence; absent in replays. */
  query?: string;
  volumeQuery?: string;
  /** Which change is bad. */
  direction: Direction;
  /** Allowed rise and fall, in percent of the baseline statistic. */
  maxIncreasePercent: number;
  maxDecreasePercent: number;
  /** Changes smaller than this (in the metric's unit) never fail. */
  minDelta: number;
  /** Ratios: requests a window needs before its ratio counts as evidence. */
  minVolume: number;
  /** One-sided test confidence; split across the windows a tick tests. */
  confidence: number;
  /**
   * Absolute limits in the metric's unit, and how long (ms) one must be breached to fail an
   * evaluation; `forMs` absent means one soak interval.
   */
  limits?: { max?: number; min?: number; forMs?: number };
}

interface KindDefaults {
  direction: Direction;
  maxIncreasePercent: number;
  maxDecreasePercent: number;
  minDelta: number;
}

/**
 * Defaults per kind, tuned with `npm run bench -- verdicts` (figures in the final report of the
 * judge): they hold zero rollbacks on the noise classes while catching a 2× error ratio and a +20%
 * p95 latency within failAfter + 1 evaluations.
 * - ratio (error ratio, 0–1): +50% and at least 0.25 percentage points.
 * - latency: +10%; a +20% step must fail even when noise puts the median a little under it.
 * - count (errors, restarts per point): doubled and at least 0.5 more per point; count test.
 * - rate (throughput): −40%; traffic follows the day, and a soak spans hours of it.
 * - gauge (memory, connections): ±30%, either direction.
 */
export const KIND_DEFAULTS: Record<MetricKind, KindDefaults> = {
  ratio: { direction: 'increase', maxIncreasePercent: 50, maxDecreasePercent: 50, minDelta: 0.0025 },
  latency: { direction: 'increase', maxIncreasePercent: 10, maxDecreasePercent: 10, minDelta: 0 },
  count: { direction: 'increase', maxIncreasePercent: 100, maxDecreasePercent: 50, minDelta: 0.5 },
  rate: { direction: 'decrease', maxIncreasePercent: 40, maxDecreasePercent: 40, minDelta: 0 },
  gauge: { direction: 'either', maxIncreasePercent: 30, maxDecreasePercent: 30, minDelta: 0 },
};

/** Requests a window needs before an error ratio in it is evidence. */
export const DEFAULT_MIN_VOLUME = 200;
export const DEFAULT_CONFIDENCE = 0.99;

/** The fields a metric may carry, from fleet.yaml, a provider or a replay file. */
export interface MetricInput {
  name: string;
  kind: MetricKind;
  query?: string;
  direction?: Direction;
  maxIncreasePercent?: number;
  maxDecreasePercent?: number;
  minDelta?: number;
  volumeQuery?: string;
  minVolume?: number;
  max?: number;
  min?: number;
  /** A duration such as `2m`. */
  for?: string;
}

/** Fills in the kind's defaults; what the metric sets wins. */
export function resolveMetric(metric: MetricInput): MetricSpec {
  const d = KIND_DEFAULTS[metric.kind];
  return {
    name: metric.name,
    kind: metric.kind,
    ...(metric.query === undefined ? {} : { query: metric.query }),
    ...(metric.volumeQuery === undefined ? {} : { volumeQuery: metric.volumeQuery }),
    direction: metric.direction ?? d.direction,
    maxIncreasePercent: metric.maxIncreasePercent ?? d.maxIncreasePercent,
    maxDecreasePercent: metric.maxDecreasePercent ?? d.maxDecreasePercent,
    minDelta: metric.minDelta ?? d.minDelta,
    minVolume: metric.minVolume ?? DEFAULT_MIN_VOLUME,
    confidence: DEFAULT_CONFIDENCE,
    ...limitsOf(metric),
  };
}

function limitsOf(metric: MetricInput): Pick<MetricSpec, 'limits'> {
  if (metric.max === undefined && metric.min === undefined) return {};
  const forMs = metric.for === undefined ? undefined : parseDuration(metric.for);
  return {
    limits: {
      ...(metric.max === undefined ? {} : { max: metric.max }),
      ...(metric.min === undefined ? {} : { min: metric.min }),
      ...(forMs === undefined ? {} : { forMs }),
    },
  };
}
