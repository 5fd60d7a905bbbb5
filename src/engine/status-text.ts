import type { RolloutState } from '../rollout/model.ts';

/** `/guard status`: the rollout and each wave in a few lines. */
export function statusText(state: RolloutState | undefined): string {
  if (!state) return 'GUARD has no rollout state for this service yet.';
  const waves = state.waves.map((w) => {
    const mr = w.mr ? ` !${w.mr.number}` : '';
    const soak =
      w.phase === 'soaking' && w.soak
        ? `, soaked ${Math.floor(w.soak.elapsedMs / 60_000)} of ${Math.round(w.soakMs / 60_000)} min`
        : '';
    const why = w.failure ? ` — ${w.failure.reason}` : w.soak?.held ? ` — held: ${w.soak.held.reason}` : '';
    return `- wave ${w.index} (${w.batch})${mr}: **${w.phase}**${soak}${why}`;
  });
  return [
    `**${state.service} ${state.version}**: rollout **${state.phase}**${state.reason ? ` — ${state.reason}` : ''}`,
    '',
    ...waves,
  ].join('\n');
}
