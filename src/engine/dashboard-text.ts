import type { AuditRecord } from '../ports/state-store.ts';
import type { RolloutState, WaveState } from '../rollout/model.ts';

const PHASE_ICON: Record<WaveState['phase'], string> = {
  pending: '⏳',
  open: '🔎',
  ready: '✅',
  blocked: '⛔',
  merged: '🔀',
  applying: '🚚',
  soaking: '🧪',
  passed: '✅',
  failed: '❌',
  'rolling-back': '↩️',
  'rolled-back': '↩️',
};

export function dashboardTitle(state: RolloutState): string {
  return `GUARD rollout: ${state.service} ${state.version}`;
}

/** The dashboard issue: every wave and cluster with status and links, the latest events, and the rollout page if served. */
export function dashboardBody(
  state: RolloutState,
  marker: string,
  recent: readonly AuditRecord[],
  pageUrl?: string,
): string {
  const waves = state.waves.map((w) => {
    const mr = w.mr ? `[!${w.mr.number}](${w.mr.url})` : '—';
    const rb = w.rollback?.mr ? ` · rollback [!${w.rollback.mr.number}](${w.rollback.mr.url})` : '';
    const clusters = w.clusters.map((c) => c.name).join(', ');
    const status = `${PHASE_ICON[w.phase]} ${w.phase}${detail(w)}`.replaceAll('|', '\\|');
    return `| ${w.index} | ${w.batch} | ${status} | ${mr}${rb} | ${clusters} |`;
  });
  const events = recent.slice(-10).map((r) => `- ${r.at} · ${r.actor} · \`${r.action}\` · ${r.reason}`);
  return [
    marker,
    `**${state.service} ${state.version}** — rollout **${state.phase}**${state.reason ? `: ${state.reason}` : ''}`,
    '',
    ...(pageUrl ? [`📈 [Rollout page with soak charts](${pageUrl})`, ''] : []),
    '| Wave | Batch | Status | MR | Clusters |',
    '|---|---|---|---|---|',
    ...waves,
    '',
    ...(events.length ? ['**Latest events**', '', ...events, ''] : []),
    'Comment `/guard pause`, `/guard resume`, `/guard status` or `/guard rollback [reason]` (rolls back every merged wave, newest first) here.',
  ].join('\n');
}

function detail(wave: WaveState): string {
  if (wave.waitingForWindow) {
    return wave.waitingForWindow.opensAt
      ? ` (window opens ${wave.waitingForWindow.opensAt})`
      : ' (waiting for a window)';
  }
  if (wave.failure) return ` (${wave.failure.reason})`;
  if (wave.skipSoak) return ` (soak skipped by ${wave.skipSoak.by})`;
  if (wave.soak?.held) return ` (held: ${wave.soak.held.reason})`;
  if (wave.phase === 'soaking' && wave.soak) {
    return ` (${Math.floor(wave.soak.elapsedMs / 60_000)} of ${Math.round(wave.soakMs / 60_000)} min)`;
  }
  return '';
}
