import { type BaselineSummary, baselineStatistic } from './baseline-summary.ts';
import type { MetricSpec } from './metric-spec.ts';
import type { SeriesPoints } from './series-points.ts';
import { SuffixWindows, windowStatistic } from './suffix-windows.ts';

/**
 * How the not-yet-upgraded control clusters moved over the same minutes: per current window, the
 * median over controls of current/baseline. 1 where no control has data. The judge loosens a wave
 * cluster's bound by this much, so a change the whole environment shares is not blamed on the upgrade.
 */
export function controlDrift(
  spec: MetricSpec,
  controls: readonly { base: BaselineSummary | undefined; soak: SeriesPoints }[],
  starts: readonly number[],
): number[] {
  // Each control's windows are suffixes of its series: sliced and sorted once for all of them.
  const windows = controls.map(({ soak }) => new SuffixWindows(soak));
  return starts.map((from) => {
    const ratios: number[] = [];
    for (const [i, { base }] of controls.entries()) {
      if (!base || base.n === 0) continue;
      const b = baselineStatistic(spec, base);
      const c = windowStatistic(spec, windows[i]!, from);
      if (b > 0 && Number.isFinite(c)) ratios.push(c / b);
    }
    if (ratios.length === 0) return 1;
    ratios.sort((a, b) => a - b);
    const mid = ratios.length >> 1;
    return ratios.length % 2 ? ratios[mid]! : (ratios[mid - 1]! + ratios[mid]!) / 2;
  });
}
