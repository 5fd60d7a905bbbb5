import type { SoakChart } from '../rollout/soak-charts.ts';
import { clock, formatValue } from './format.ts';
import { cls, esc } from './html.ts';
import { linearScale, niceDomain, type Scale, timeTicks } from './scale.ts';

/** The chart's frame in SVG user units; the SVG scales to its container's width. */
export const CHART = {
  width: 420,
  height: 190,
  left: 50,
  right: 8,
  top: 12,
  bottom: 24,
  baseWidth: 52,
  gap: 10,
};

export interface ChartWindow {
  /** The soak's start and the evaluation's time, epoch seconds: the x axis of the current panel. */
  fromSec: number;
  toSec: number;
}

/**
 * One metric on one cluster as inline SVG: on the left a narrow panel of the baseline (its bucket
 * means before the merge), on the right the soak's points over time; both share the y axis, across
 * which the baseline band (p5–p95) and median run. The onset of a failure is a dashed line with the
 * failing stretch shaded, and absolute limits are lines of their own. Each series is a `<g>` with a
 * `data-series` name (and `data-points` where it has points), which is what tests count.
 */
export function renderChart(chart: SoakChart, window: ChartWindow, id: string): string {
  const { width, height, left, right, top, bottom, baseWidth, gap } = CHART;
  const current = chart.current.filter(([t, v]) => Number.isFinite(t) && Number.isFinite(v));
  const base = chart.baseline;
  const values = [
    ...current.map(([, v]) => v),
    ...(base ? [base.p5, base.median, base.p95, ...base.points] : []),
    ...(chart.limits?.max !== undefined ? [chart.limits.max] : []),
    ...(chart.limits?.min !== undefined ? [chart.limits.min] : []),
  ];
  const { domain, ticks } = niceDomain(values, chart.kind === 'ratio' || chart.kind === 'count');
  const y = linearScale(domain, [height - bottom, top]);
  const mainX0 = left + baseWidth + gap;
  const lastT = current.at(-1)?.[0] ?? window.toSec;
  const x = linearScale(
    [window.fromSec, Math.max(window.toSec, lastT, window.fromSec + 60)],
    [mainX0, width - right],
  );
  const label = `${chart.metric} on ${chart.cluster}: ${chart.verdict}. ${chart.reason}`;
  return [
    `<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${id}-t"`,
    ` data-chart="${esc(chart.metric)}" data-cluster="${esc(chart.cluster)}" data-verdict="${cls(chart.verdict)}">`,
    `<title id="${id}-t">${esc(label)}</title>`,
    axes(chart, y, ticks, x, mainX0),
    base
      ? band(base, y, left, width - right)
      : empty(left + baseWidth / 2, y, domain, 'no baseline', 'baseline'),
    base ? baselinePoints(base.points, y, left, baseWidth) : '',
    onset(chart, x, y, domain),
    limits(chart, y, left, width - right),
    current.length
      ? currentSeries(current, chart.onset, x, y)
      : empty((mainX0 + width - right) / 2, y, domain, `no data since ${clock(window.fromSec)}`, 'current'),
    '</svg>',
  ].join('');
}

function axes(chart: SoakChart, y: Scale, ticks: number[], x: Scale, mainX0: number): string {
  const { width, height, left, right, bottom, baseWidth } = CHART;
  const grid = ticks.map(
    (v) =>
      `<line class="gridline" x1="${left}" x2="${width - right}" y1="${y(v)}" y2="${y(v)}"/>` +
      `<text class="tick" x="${left - 4}" y="${y(v) + 3}" text-anchor="end">${esc(formatValue(chart.kind, v))}</text>`,
  );
  const [from, to] = x.domain;
  // A tick right at the soak's start would run into the baseline panel's label; the divider marks it.
  const times = timeTicks(from, to)
    .filter((t) => x(t) >= mainX0 + 22)
    .map(
      (t) =>
        `<line class="gridline" x1="${x(t)}" x2="${x(t)}" y1="${CHART.top}" y2="${height - bottom}"/>` +
        `<text class="tick" x="${x(t)}" y="${height - 8}" text-anchor="middle">${clock(t)}</text>`,
    );
  return [
    '<g class="axes">',
    ...grid,
    ...times,
    `<text class="tick" x="${left + baseWidth / 2}" y="${height - 8}" text-anchor="middle">baseline</text>`,
    `<line class="divider" x1="${mainX0 - CHART.gap / 2}" x2="${mainX0 - CHART.gap / 2}" y1="${CHART.top}" y2="${height - bottom}"/>`,
    '</g>',
  ].join('');
}

function band(base: NonNullable<SoakChart['baseline']>, y: Scale, x0: number, x1: number): string {
  const top = y(Math.max(base.p5, base.p95));
  const h = Math.max(1, round(y(Math.min(base.p5, base.p95)) - top));
  return (
    `<g data-series="band"><rect class="band" x="${x0}" y="${top}" width="${x1 - x0}" height="${h}"/></g>` +
    `<g data-series="median"><line class="median" x1="${x0}" x2="${x1}" y1="${y(base.median)}" y2="${y(base.median)}"/></g>`
  );
}

function baselinePoints(points: readonly number[], y: Scale, x0: number, w: number): string {
  const finite = points.filter(Number.isFinite);
  if (finite.length === 0) return '';
  const step = w / finite.length;
  const dots = finite.map(
    (v, i) => `<circle class="base-pt" cx="${round(x0 + step * (i + 0.5))}" cy="${y(v)}" r="1.8"/>`,
  );
  return `<g data-series="baseline" data-points="${finite.length}">${dots.join('')}</g>`;
}

function currentSeries(points: [number, number][], onsetSec: number | undefined, x: Scale, y: Scale): string {
  const line = points.map(([t, v]) => `${x(t)},${y(v)}`).join(' ');
  const dots = points.map(([t, v]) => {
    const bad = onsetSec !== undefined && t > onsetSec;
    return `<circle class="pt${bad ? ' bad' : ''}" cx="${x(t)}" cy="${y(v)}" r="2.2"/>`;
  });
  return (
    `<g data-series="current" data-points="${points.length}">` +
    `<polyline class="current" points="${line}"/>${dots.join('')}</g>`
  );
}

function onset(chart: SoakChart, x: Scale, y: Scale, domain: readonly [number, number]): string {
  if (chart.onset === undefined || !Number.isFinite(chart.onset)) return '';
  const [from, to] = x.domain;
  const at = x(Math.min(Math.max(chart.onset, from), to));
  const yTop = y(domain[1]);
  const yBottom = y(domain[0]);
  return [
    '<g data-series="onset">',
    `<rect class="failing" x="${at}" y="${yTop}" width="${round(CHART.width - CHART.right - at)}" height="${round(yBottom - yTop)}"/>`,
    `<line class="onset" x1="${at}" x2="${at}" y1="${yTop}" y2="${yBottom}"/>`,
    `<text class="onset-label" x="${at - 3}" y="${yTop + 10}" text-anchor="end">onset ${clock(chart.onset)}</text>`,
    '</g>',
  ].join('');
}

function limits(chart: SoakChart, y: Scale, x0: number, x1: number): string {
  const out: string[] = [];
  for (const which of ['max', 'min'] as const) {
    const value = chart.limits?.[which];
    if (value === undefined || !Number.isFinite(value)) continue;
    const at = y(value);
    out.push(
      `<g data-series="limit-${which}"><line class="limit" x1="${x0}" x2="${x1}" y1="${at}" y2="${at}"/>` +
        `<text class="limit-label" x="${x1 - 2}" y="${which === 'max' ? at - 3 : at + 10}" text-anchor="end">${which} ${esc(formatValue(chart.kind, value, chart.unit))}</text></g>`,
    );
  }
  return out.join('');
}

function empty(cx: number, y: Scale, domain: readonly [number, number], text: string, what: string): string {
  const cy = y((domain[0] + domain[1]) / 2);
  return `<text class="empty" data-empty="${what}" x="${round(cx)}" y="${cy}" text-anchor="middle">${esc(text)}</text>`;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
