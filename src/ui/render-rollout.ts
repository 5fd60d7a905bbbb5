import { when } from './format.ts';
import { esc, link } from './html.ts';
import { phaseBadge } from './labels.ts';
import { pageShell } from './page-shell.ts';
import type { RolloutView } from './read-rollouts.ts';
import { refreshSeconds } from './refresh.ts';
import { renderWave } from './render-wave.ts';

/**
 * One rollout's page: what it upgrades and where it stands, its waves in order with their MRs and
 * charts, and the latest lines of its audit trail. `indexHref` leads back to the list (relative,
 * so the page works under any path prefix a proxy adds).
 */
export function renderRolloutPage(view: RolloutView, indexHref: string): string {
  const { state, id } = view;
  const strip = state.waves
    .map((w) => `<li><a href="#wave-${w.index}">${w.index} ${esc(w.batch)}</a> ${phaseBadge(w.phase)}</li>`)
    .join('');
  const events = view.recent.map(
    (r) => `<li>${esc(when(r.at))} · ${esc(r.actor)} · <code>${esc(r.action)}</code> · ${esc(r.reason)}</li>`,
  );
  const body = [
    `<p class="crumbs"><a href="${esc(indexHref)}">← All rollouts</a></p>`,
    `<h1>${esc(state.service)} ${esc(state.version)} ${phaseBadge(state.phase)}</h1>`,
    `<p class="muted">${esc(id.forge)} · ${esc(id.project)}`,
    state.dashboard ? ` · dashboard ${link(state.dashboard.url, `#${state.dashboard.number}`)}` : '',
    ` · started ${esc(when(state.createdAt))} · updated ${esc(when(state.updatedAt))}</p>`,
    state.reason ? `<p>${esc(state.reason)}</p>` : '',
    state.pausedAt ? `<p class="paused">Paused since ${esc(when(state.pausedAt))}.</p>` : '',
    `<ul class="waves" aria-label="Waves">${strip}</ul>`,
    ...state.waves.map((w) => renderWave(w, view.charts.get(w.index))),
    events.length ? `<h3>Latest events</h3><ul class="events">${events.join('')}</ul>` : '',
  ].join('');
  return pageShell({
    title: `${state.service} ${state.version} · GUARD`,
    body,
    refreshSec: refreshSeconds(state, [...view.charts.values()]),
  });
}
