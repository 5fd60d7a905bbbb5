import type { MetricCheck } from './judge-metric.ts';
import { formatP } from './window-test.ts';

/**
 * What a reader weighs in one metric's evaluation, as text: baseline and current (median · p95),
 * the test and its figure, the absolute limit. The soak comment's table and `guard replay
 * --explain` both read it from here, so they tell the same reasoning.
 */
export interface CheckFigures {
  baseline: string;
  current: string;
  /** The compared statistic's change, e.g. `+415%`; empty when there is none. */
  change: string;
  test: string;
  limit: string;
}

const TEST_NAMES: Record<MetricCheck['test'], string> = {
  'mann-whitney': 'Mann–Whitney',
  count: 'count test',
  points: 'newest points',
  none: 'no test',
};

export function checkFigures(m: MetricCheck): CheckFigures {
  const change =
    m.changePercent === null ? '' : `${m.changePercent >= 0 ? '+' : ''}${m.changePercent.toFixed(0)}%`;
  const name = TEST_NAMES[m.test];
  // The newest-points test has no p: its figure is how far the points moved against the bound.
  const figure = m.p !== null ? ` p=${formatP(m.p)}` : m.test === 'points' && change ? ` ${change}` : '';
  return {
    baseline: spread(m.kind, m.baseline),
    current: spread(m.kind, m.current),
    change,
    test: `${name}${figure}`,
    limit: m.limit ? `${m.limit.breached ? '❗ ' : ''}${m.limit.text}` : '—',
  };
}

/** One line of reasoning: `error-ratio fail: baseline …, current … (+415%); count test p=…; limit …: reason`. */
export function explainCheck(m: MetricCheck): string {
  const f = checkFigures(m);
  const limit = m.limit ? `; ${f.limit}` : '';
  return `${m.metric} ${m.verdict}: baseline ${f.baseline}, current ${f.current}${f.change ? ` (${f.change})` : ''}; ${f.test}${limit}: ${m.reason}`;
}

function spread(kind: MetricCheck['kind'], side: MetricCheck['baseline']): string {
  if (side.median === undefined) return `— (${side.points} pts)`;
  return `${formatFigure(kind, side.median)} · ${formatFigure(kind, side.p95 ?? Number.NaN)} (${side.points} pts)`;
}

/** A value as the evidence shows it: ratios as percentages with two decimals. */
export function formatFigure(kind: MetricCheck['kind'], x: number): string {
  if (!Number.isFinite(x)) return '—';
  if (kind === 'ratio') return `${(x * 100).toFixed(2)}%`;
  return Math.abs(x) >= 1000 ? x.toFixed(0) : String(Number(x.toPrecision(4)));
}
