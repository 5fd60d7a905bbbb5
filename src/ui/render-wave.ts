import type { WaveState } from '../rollout/model.ts';
import type { SoakCharts } from '../rollout/soak-charts.ts';
import { minutes, when } from './format.ts';
import { esc, link } from './html.ts';
import { phaseBadge } from './labels.ts';
import { renderSoak } from './render-soak.ts';

const MAX_CLUSTER_NAMES = 40;

/** One wave: its phase, MR and rollback MR, clusters, times, why it failed, and its soak charts. */
export function renderWave(wave: WaveState, charts: SoakCharts | undefined): string {
  const soak = charts ? renderSoak(charts, `w${wave.index}`) : '';
  return [
    `<article class="wave card" id="wave-${wave.index}">`,
    `<h2>Wave ${wave.index} · ${esc(wave.batch)} ${phaseBadge(wave.phase)}</h2>`,
    `<dl class="facts">${facts(wave)
      .map(([dt, dd]) => `<dt>${dt}</dt><dd>${dd}</dd>`)
      .join('')}</dl>`,
    wave.phase === 'passed' && soak ? `<details><summary>Soak charts</summary>${soak}</details>` : soak,
    '</article>',
  ].join('');
}

/** Label and HTML value pairs; labels are fixed text, values are escaped here. */
function facts(wave: WaveState): [string, string][] {
  const out: [string, string][] = [];
  out.push(['Merge request', wave.mr ? link(wave.mr.url, `!${wave.mr.number}`) : 'not opened yet']);
  if (wave.rollback) {
    const mr = wave.rollback.mr
      ? link(wave.rollback.mr.url, `!${wave.rollback.mr.number}`)
      : 'not opened yet';
    out.push(['Rollback', `${mr} · ${esc(wave.rollback.reason)}`]);
  }
  const names = wave.clusters.map((c) => c.name);
  const more = names.length > MAX_CLUSTER_NAMES ? ` and ${names.length - MAX_CLUSTER_NAMES} more` : '';
  out.push([
    `Clusters (${names.length})`,
    names.length ? `${esc(names.slice(0, MAX_CLUSTER_NAMES).join(', '))}${more}` : '—',
  ]);
  if (wave.mergedAt) out.push(['Merged', esc(when(wave.mergedAt))]);
  if (wave.appliedAt) out.push(['Applied', esc(when(wave.appliedAt))]);
  if (wave.soak) out.push(['Soak', esc(soakLine(wave))]);
  if (wave.skipSoak)
    out.push([
      'Soak skipped',
      esc(`by ${wave.skipSoak.by} at ${when(wave.skipSoak.at)}: ${wave.skipSoak.reason}`),
    ]);
  if (wave.waitingForWindow)
    out.push([
      'Waiting',
      esc(
        wave.waitingForWindow.opensAt
          ? `window opens ${when(wave.waitingForWindow.opensAt)}`
          : 'for a window',
      ),
    ]);
  if (wave.failure) out.push(['Failed', esc(`${when(wave.failure.at)}: ${wave.failure.reason}`)]);
  if (wave.rollbackRequested)
    out.push(['Rollback asked', esc(`by ${wave.rollbackRequested.by}: ${wave.rollbackRequested.reason}`)]);
  return out;
}

function soakLine(wave: WaveState): string {
  const s = wave.soak!;
  const parts = [
    `${minutes(s.elapsedMs)} of ${minutes(wave.soakMs)}`,
    `${s.evaluations} evaluations`,
    ...(s.inconclusive ? [`${s.inconclusive} with insufficient evidence`] : []),
    ...(s.extended ? ['extended for insufficient evidence'] : []),
    ...(s.lastEvaluatedAt ? [`last ${when(s.lastEvaluatedAt)}`] : []),
  ];
  return parts.join(' · ');
}
