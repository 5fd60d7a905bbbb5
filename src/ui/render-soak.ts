import type { ChartCluster, SoakChart, SoakCharts } from '../rollout/soak-charts.ts';
import { formatValue, minutes, when } from './format.ts';
import { cls, esc } from './html.ts';
import { renderChart } from './render-chart.ts';

/**
 * A wave's latest soak evaluation: a line of counts, then per cluster (failing first, as stored)
 * its charts, one per metric. Failing and inconclusive clusters are unfolded, passing ones folded
 * (`<details>` needs no script). What the store left out for size is said, not hidden.
 */
export function renderSoak(charts: SoakCharts, idPrefix: string): string {
  const count = (v: ChartCluster['verdict']) => charts.clusters.filter((c) => c.verdict === v).length;
  const window = {
    // A long soak is judged (and drawn) over its last steps only.
    fromSec: Date.parse(charts.currentFrom ?? charts.soakSince) / 1000,
    toSec: Date.parse(charts.evaluatedAt) / 1000,
  };
  const byCluster = new Map<string, SoakChart[]>();
  for (const chart of charts.charts)
    byCluster.set(chart.cluster, [...(byCluster.get(chart.cluster) ?? []), chart]);
  const info = new Map(charts.clusters.map((c) => [c.cluster, c]));
  let n = 0;
  const groups = [...byCluster].map(([cluster, list]) => {
    const c = info.get(cluster) ?? { cluster, verdict: list[0]!.verdict, reasons: [] };
    const figures = list.map((chart) => figure(chart, window, `${idPrefix}-${n++}`));
    return [
      `<details class="cluster"${c.verdict === 'pass' ? '' : ' open'} data-cluster="${esc(cluster)}">`,
      `<summary><b>${esc(cluster)}</b> <span class="badge ${cls(c.verdict)}">${esc(c.verdict)}</span>`,
      c.reasons.length ? ` <span class="muted">${esc(c.reasons.join('; '))}</span>` : '',
      `</summary><div class="grid">${figures.join('')}</div></details>`,
    ].join('');
  });
  const bare = charts.clusters.filter((c) => !byCluster.has(c.cluster));
  return [
    `<section class="soak" aria-label="Soak charts of wave ${charts.wave}">`,
    `<h3>Soak evaluation, ${esc(when(charts.evaluatedAt))}</h3>`,
    `<p class="muted">${count('fail')} failing, ${count('inconclusive')} inconclusive, ${count('pass')} passing of ${charts.clusters.length} clusters`,
    ` · baseline ${esc(when(charts.baselineFrom))} to the merge at ${esc(when(charts.mergedAt))}`,
    ` · soaking since ${esc(when(charts.soakSince))}`,
    charts.currentFrom ? ` (drawn from ${esc(when(charts.currentFrom))})` : '',
    ` · evaluated every ${esc(minutes(charts.intervalMs))}</p>`,
    LEGEND,
    ...groups,
    bare.length ? clustersWithoutCharts(bare) : '',
    charts.omitted
      ? `<p class="muted">${charts.omitted.charts} more charts of ${charts.omitted.clusters} clusters were not kept, to fit a state store item (400 KB); failing and inconclusive clusters are kept first.</p>`
      : '',
    '</section>',
  ].join('');
}

const LEGEND =
  '<p class="legend"><span class="sw band"></span>baseline p5–p95 and median' +
  '<span class="sw cur"></span>since the apply<span class="sw onset"></span>onset of the failure' +
  '<span class="sw limit"></span>absolute limit</p>';

function figure(chart: SoakChart, window: { fromSec: number; toSec: number }, id: string): string {
  const base = chart.baseline;
  const latest = chart.current.at(-1)?.[1];
  const facts = [
    base
      ? `baseline ${formatValue(chart.kind, base.median, chart.unit)} (p5–p95 ${formatValue(chart.kind, base.p5)} – ${formatValue(chart.kind, base.p95)}, ${base.n} points)`
      : 'no baseline',
    latest === undefined ? 'no current data' : `latest ${formatValue(chart.kind, latest, chart.unit)}`,
  ];
  return [
    `<figure class="${cls(chart.verdict)}-chart">`,
    `<figcaption><b>${esc(chart.metric)}</b> <span class="badge ${cls(chart.verdict)}">${esc(chart.verdict)}</span>`,
    ` <span class="muted">${esc(chart.reason)}</span></figcaption>`,
    renderChart(chart, window, id),
    `<p class="legend">${esc(facts.join(' · '))}</p>`,
    '</figure>',
  ].join('');
}

function clustersWithoutCharts(clusters: ChartCluster[]): string {
  const shown = clusters.slice(0, 50).map((c) => `${esc(c.cluster)} (${esc(c.verdict)})`);
  const more = clusters.length > 50 ? `, and ${clusters.length - 50} more` : '';
  return `<p class="muted">Without charts: ${shown.join(', ')}${more}.</p>`;
}
