const BARS = '▁▂▃▄▅▆▇█';

/**
 * Baseline and current as two sparklines on one shared scale, so a step shows as taller bars on
 * the right rather than two lines that each fill their own range.
 */
export function sparkPair(baseline: readonly number[], current: readonly number[]): [string, string] {
  const all = [...baseline, ...current].filter(Number.isFinite);
  const min = Math.min(...all);
  const max = Math.max(...all);
  return [sparkline(baseline, min, max), sparkline(current, min, max)];
}

export function sparkline(values: readonly number[], min: number, max: number): string {
  const span = max - min;
  return values
    .map((v) => {
      if (!Number.isFinite(v)) return ' ';
      const level = span > 0 ? Math.round(((v - min) / span) * (BARS.length - 1)) : 0;
      return BARS[Math.max(0, Math.min(BARS.length - 1, level))];
    })
    .join('');
}
