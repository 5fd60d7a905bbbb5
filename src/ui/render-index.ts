import type { RolloutId } from '../engine/keys.ts';
import { rolloutEnded } from '../rollout/decide-draft.ts';
import type { RolloutState } from '../rollout/model.ts';
import { when } from './format.ts';
import { esc } from './html.ts';
import { phaseBadge } from './labels.ts';
import { pageShell } from './page-shell.ts';
import { INDEX_REFRESH_SEC } from './refresh.ts';

export interface IndexInput {
  rollouts: { key: string; id: RolloutId; state: RolloutState }[];
  /** Rollouts in the store, when more than were read. */
  total: number;
  /** The link to a rollout's page, relative to the list's URL. */
  href(key: string): string;
}

/** Every rollout: running ones first, then the rest, newest first; each with its waves' phases. */
export function renderIndex(input: IndexInput): string {
  const sorted = [...input.rollouts].sort(
    (a, b) =>
      Number(rolloutEnded(a.state)) - Number(rolloutEnded(b.state)) ||
      b.state.updatedAt.localeCompare(a.state.updatedAt),
  );
  const cards = sorted.map(({ key, id, state }) => {
    const waves = state.waves
      .map((w) => `<li>${w.index} ${esc(w.batch)} ${phaseBadge(w.phase)}</li>`)
      .join('');
    return [
      `<li class="card" data-rollout="${esc(key)}">`,
      `<h2><a href="${esc(input.href(key))}">${esc(state.service)} ${esc(state.version)}</a> ${phaseBadge(state.phase)}</h2>`,
      `<p class="muted">${esc(id.forge)} · ${esc(id.project)} · updated ${esc(when(state.updatedAt))}</p>`,
      state.reason ? `<p>${esc(state.reason)}</p>` : '',
      `<ul class="waves" aria-label="Waves">${waves}</ul>`,
      '</li>',
    ].join('');
  });
  const cut =
    input.total > input.rollouts.length
      ? `<p class="muted">Showing ${input.rollouts.length} of ${input.total} rollouts.</p>`
      : '';
  const body = [
    '<h1>Rollouts</h1>',
    cards.length
      ? `<ul class="rollouts">${cards.join('')}</ul>`
      : '<p>No rollouts in the state store yet. Commit <code>guard/upgrade.yaml</code> to start one.</p>',
    cut,
  ].join('');
  return pageShell({ title: 'Rollouts · GUARD', body, refreshSec: INDEX_REFRESH_SEC });
}
