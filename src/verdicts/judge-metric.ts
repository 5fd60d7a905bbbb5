import { type BaselineSummary, median } from './baseline-summary.ts';
import { checkLimits, type LimitResult } from './limit-check.ts';
import type { MetricSpec } from './metric-spec.ts';
import { pointTest } from './point-test.ts';
import type { SeriesPoints } from './series-points.ts';
import { SuffixWindows } from './suffix-windows.ts';
import { testWindow, type Verdict, type WindowInput, type WindowResult } from './window-test.ts';

/** One metric's evaluation for one cluster: the verdict and what a reader needs to trust it. */
export interface MetricCheck {
  metric: string;
  kind: MetricSpec['kind'];
  query?: string;
  verdict: Verdict;
  reason: string;
  /** The window the verdict rests on, epoch seconds (exclusive start, inclusive end). */
  window: { from: number; to: number };
  /** The statistic compared (`value`), and the median and p95 of the points behind it. */
  baseline: { points: number; value: number; median?: number; p95?: number };
  current: { points: number; value: number; median?: number; p95?: number };
  changePercent: number | null;
  p: number | null;
  test: WindowResult['test'];
  /** Baseline bucket means, and the soak's last hour of points (bucketed when drawn). */
  spark: { baseline: readonly number[]; current: readonly number[] };
  /** The metric for this cluster in the backend's UI (Metrics.explorerUrl), on failing clusters. */
  link?: string;
  /** The backend had no series for the cluster: a count or error ratio read as zero (absent-zero.ts). */
  absentAsZero?: boolean;
  /** The metric's absolute limit as this evaluation found it (limit-check.ts). */
  limit?: LimitResult;
}

/** Fewer baseline points than this and the comparison is inconclusive. */
export const MIN_BASELINE_POINTS = 8;
const MAX_WINDOWS = 8;

/**
 * Current windows end at the newest point and double in length from two intervals until they
 * cover the whole soak: the short ones catch a step within a couple of evaluations, the long ones
 * a slow drift. Returns their exclusive start times, shortest first.
 */
export function windowStarts(nowSec: number, intervalSec: number, soakStartSec: number): number[] {
  // The shortest window is kept whole even at the soak's start, so a step right after the apply
  // fills it as soon as it would fill it later.
  const starts = [nowSec - 2 * intervalSec];
  if (starts[0]! <= soakStartSec) return starts;
  for (let w = 4; starts.length < MAX_WINDOWS; w *= 2) {
    const start = nowSec - w * intervalSec;
    if (start <= soakStartSec) {
      starts.push(soakStartSec - 1e-6);
      break;
    }
    starts.push(start);
  }
  return starts;
}

let shared = { nowSec: Number.NaN, intervalSec: 0, soakStartSec: 0, starts: [] as readonly number[] };

/** windowStarts, made once for the many clusters a metric judges at the same instant. */
function sharedStarts(nowSec: number, intervalSec: number, soakStartSec: number): readonly number[] {
  const s = shared;
  if (s.nowSec !== nowSec || s.intervalSec !== intervalSec || s.soakStartSec !== soakStartSec)
    shared = { nowSec, intervalSec, soakStartSec, starts: windowStarts(nowSec, intervalSec, soakStartSec) };
  return shared.starts;
}

/**
 * The test's alpha for window `index`, spent for the whole soak rather than one evaluation: a soak
 * makes 60–120 evaluations, and the `failAfter` evaluations of a run re-test mostly the same points
 * (three 2-point windows in a row span only 4 points), so a run is barely rarer than one failing
 * window. Hence a tenth of 1 − confidence for the shortest window, ten times less for the next, and
 * a hundredth from the 8-point window on: a soak holds only a few distinct long windows. The
 * shortest stays reachable: 2 points above all of a 60-point baseline give p = 1/C(62, 2) ≈ 5.3e-4
 * (with fewer than 44 baseline points it cannot fail alone, and the 4-point window catches a step
 * an evaluation or two later).
 */
export function windowAlpha(confidence: number, index: number): number {
  return (1 - confidence) / ALPHA_DIVISORS[Math.min(index, 2)]!;
}

/** 10 ** (index + 1), read rather than raised 30,000 times a tick. */
const ALPHA_DIVISORS = [10, 100, 1000];

export interface JudgeMetricInput {
  spec: MetricSpec;
  base: BaselineSummary | undefined;
  soak: SeriesPoints;
  nowSec: number;
  intervalSec: number;
  soakStartSec: number;
  drift?: readonly number[];
}

/**
 * Judges a metric against its baseline (below) and its absolute limits: a breached `max` or `min`
 * fails the evaluation whatever the baseline says, or whether there is one; the comparison still
 * runs and its evidence stays beside the limit's. Without data nothing is breached.
 */
export function judgeMetric(input: JudgeMetricInput): MetricCheck {
  // Every window below is a suffix of the soak series: sliced and sorted once, for all of them.
  const windows = new SuffixWindows(input.soak);
  const check = withSpread(judgeRelative(input, windows), input, windows);
  const limit = checkLimits(input.spec, windows, input.nowSec, input.intervalSec);
  if (!limit) return check;
  // The check is this evaluation's own: filled in, not copied (spreads are dear at 5,000 a tick).
  check.limit = limit;
  if (!limit.breached) return check;
  check.reason = check.verdict === 'fail' ? `${limit.text}; ${check.reason}` : limit.text;
  check.verdict = 'fail';
  return check;
}

/**
 * What a reader compares: median and p95 of the baseline and of the window the verdict rests on,
 * and the soak's last hour for the sparkline.
 */
function withSpread(check: MetricCheck, input: JudgeMetricInput, windows: SuffixWindows): MetricCheck {
  const { base } = input;
  const lastHour = windows.after(input.nowSec - HOUR_SEC).values;
  check.baseline = withMedian(check.baseline, base?.values ?? []);
  check.current = withMedian(check.current, windows.sortedAfter(check.window.from - 1e-6));
  check.spark = { baseline: check.spark.baseline, current: lastHour };
  return check;
}

const HOUR_SEC = 3600;

/** The side with the median and 95th percentile (nearest rank) of its sorted values, if any. */
function withMedian(side: MetricCheck['baseline'], sorted: ArrayLike<number>): MetricCheck['baseline'] {
  if (sorted.length === 0) return side;
  return {
    points: side.points,
    value: side.value,
    median: median(sorted),
    p95: sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)]!,
  };
}

/**
 * Judges a metric against its baseline: fail when any window fails (the test's alpha is split across the windows, so
 * looking several ways does not add false alarms); inconclusive without a usable baseline, without a
 * point in the most recent window (a metric that stopped reporting is not evidence of health), or
 * when no window is conclusive; pass otherwise. `drift` holds the control group's drift per window.
 */
function judgeRelative(input: JudgeMetricInput, windows: SuffixWindows): MetricCheck {
  const { spec, base, soak, nowSec } = input;
  const starts = sharedStarts(nowSec, input.intervalSec, input.soakStartSec);
  const spark = { baseline: base?.spark ?? [], current: soak.values };
  const head: Head = spec.query
    ? { metric: spec.name, kind: spec.kind, query: spec.query, spark }
    : { metric: spec.name, kind: spec.kind, spark };
  const recent = soak.values.length - windows.start(starts[0]!);
  if (!base || base.n < MIN_BASELINE_POINTS) {
    const reason = `baseline has ${base?.n ?? 0} points before the merge; needs ${MIN_BASELINE_POINTS}`;
    return inconclusive(head, reason, starts[0]!, nowSec, base, recent);
  }
  // The window a check rests on: the worst failing one (smallest p, the shorter on a tie), else
  // the longest passing one, else the shortest. Kept as found, with no list of results: a tick
  // judges 5,000 series.
  let worst: WindowResult | undefined;
  let worstFrom = 0;
  let passing: WindowResult | undefined;
  let passingFrom = 0;
  let shortest: WindowResult | undefined;
  // One input for every window of the series, moved from window to window: 30,000 a tick.
  const tested: WindowInput = { spec, base, windows, from: 0, alpha: 0, shift: 1 };
  for (let i = 0; i < starts.length; i++) {
    const from = starts[i]!;
    const alpha = windowAlpha(spec.confidence, i);
    const shift = input.drift?.[i] ?? 1;
    tested.from = from;
    tested.alpha = alpha;
    tested.shift = shift;
    let result = testWindow(tested);
    // The shortest window also gets the per-evaluation test, which can fail on its points alone.
    if (i === 0 && result.verdict !== 'fail') {
      const points = pointTest({ spec, base, windows, nowSec, intervalSec: input.intervalSec, alpha, shift });
      if (points?.verdict === 'fail') result = points;
    }
    if (i === 0) shortest = result;
    if (result.verdict === 'fail') {
      if (!worst || (result.p ?? 1) < (worst.p ?? 1)) {
        worst = result;
        worstFrom = from;
      }
    } else if (result.verdict === 'pass') {
      passing = result;
      passingFrom = from;
    }
  }
  if (worst) return toCheck(head, worst, worstFrom, nowSec, base.n);
  if (recent === 0) {
    const minutes = Math.round((nowSec - starts[0]!) / 60);
    return inconclusive(head, `no data in the last ${minutes}m`, starts[0]!, nowSec, base, recent);
  }
  if (passing) return toCheck(head, passing, passingFrom, nowSec, base.n);
  return toCheck(head, shortest!, starts[0]!, nowSec, base.n);
}

type Head = Pick<MetricCheck, 'metric' | 'kind' | 'query' | 'spark'>;

function toCheck(head: Head, r: WindowResult, from: number, to: number, basePoints: number): MetricCheck {
  const check = checkOf(head, r.verdict, r.reason, { from: Math.ceil(from), to });
  check.baseline = { points: basePoints, value: r.baseline };
  check.current = { points: r.points, value: r.current };
  check.changePercent = r.changePercent;
  check.p = r.p;
  check.test = r.test;
  return check;
}

/**
 * A check written out whole, in the order its fields always had (no spread: 5,000 a tick), with
 * no comparison yet; the caller fills in what it found.
 */
function checkOf(head: Head, verdict: Verdict, reason: string, window: MetricCheck['window']): MetricCheck {
  const none = { points: 0, value: Number.NaN };
  return head.query === undefined
    ? {
        metric: head.metric,
        kind: head.kind,
        spark: head.spark,
        verdict,
        reason,
        window,
        baseline: none,
        current: none,
        changePercent: null,
        p: null,
        test: 'none',
      }
    : {
        metric: head.metric,
        kind: head.kind,
        query: head.query,
        spark: head.spark,
        verdict,
        reason,
        window,
        baseline: none,
        current: none,
        changePercent: null,
        p: null,
        test: 'none',
      };
}

function inconclusive(
  head: Head,
  reason: string,
  from: number,
  to: number,
  base: BaselineSummary | undefined,
  recent: number,
): MetricCheck {
  const check = checkOf(head, 'inconclusive', reason, { from: Math.ceil(from), to });
  check.baseline = { points: base?.n ?? 0, value: base?.median ?? Number.NaN };
  check.current = { points: recent, value: Number.NaN };
  return check;
}
