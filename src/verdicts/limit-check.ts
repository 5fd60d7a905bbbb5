import { formatDuration } from '../rollout/decide-text.ts';
import type { MetricSpec } from './metric-spec.ts';
import { type SuffixWindows, windowStatistic, windowVolume } from './suffix-windows.ts';

/** An absolute limit as the evaluation found it. */
export interface LimitResult {
  bound: 'max' | 'min';
  limit: number;
  /** The span the limit must be breached over, in seconds. */
  forSec: number;
  /** The statistic of the points in that span (NaN without points). */
  value: number;
  breached: boolean;
  /** e.g. "7.2% > max 5% for 2m". */
  text: string;
}

/**
 * The metric's `max`/`min` over the newest `for` (default one interval): breached when the span is
 * covered (a point in every interval of it; a gap proves nothing) and every point in it is beyond
 * the limit. Ratios with volume need `minVolume` requests in the span, as the comparison does.
 * Undefined when the metric has no limits.
 */
export function checkLimits(spec: MetricSpec, soak: SuffixWindows, nowSec: number, intervalSec: number) {
  const limits = spec.limits;
  if (!limits) return undefined;
  const forSec = Math.max(intervalSec, (limits.forMs ?? intervalSec * 1000) / 1000);
  const span = soak.after(nowSec - forSec);
  const covered = span.values.length >= Math.max(1, Math.floor(forSec / intervalSec));
  const volume = windowVolume(soak, nowSec - forSec);
  const enough = covered && (volume === undefined || volume >= spec.minVolume);
  const value = windowStatistic(spec, soak, nowSec - forSec);
  const results: LimitResult[] = [];
  if (limits.max !== undefined) {
    const breached = enough && span.values.every((v) => v > limits.max!);
    results.push(result(spec, 'max', limits.max, forSec, value, breached));
  }
  if (limits.min !== undefined) {
    const breached = enough && span.values.every((v) => v < limits.min!);
    results.push(result(spec, 'min', limits.min, forSec, value, breached));
  }
  return results.find((r) => r.breached) ?? results[0];
}

function result(
  spec: MetricSpec,
  bound: 'max' | 'min',
  limit: number,
  forSec: number,
  value: number,
  breached: boolean,
): LimitResult {
  const shown = formatValue(spec.kind, value);
  const duration = formatDuration(forSec * 1000);
  const text = breached
    ? `${shown} ${bound === 'max' ? '>' : '<'} ${bound} ${formatValue(spec.kind, limit)} for ${duration}`
    : `${bound} ${formatValue(spec.kind, limit)} not breached for ${duration} (now ${shown})`;
  return { bound, limit, forSec, value, breached, text };
}

/** A value in the metric's unit as people read it: ratios as percentages. */
export function formatValue(kind: MetricSpec['kind'], x: number): string {
  if (!Number.isFinite(x)) return '—';
  if (kind === 'ratio') return `${Number((x * 100).toPrecision(3))}%`;
  return Math.abs(x) >= 1000 ? x.toFixed(0) : String(Number(x.toPrecision(4)));
}
