import type { RolloutState, WaveState } from '../rollout/model.ts';

/** Hidden markers that find GUARD's sticky comments and its dashboard again (DESIGN section 3). */
export { PRECHECK_MARKER } from '../prechecks/render-precheck.ts';
export const PLAN_MARKER = '<!-- guard:plan -->';
export const SOAK_MARKER = '<!-- guard:soak -->';
export const dashboardMarker = (key: string): string => `<!-- guard:dashboard:${key} -->`;
/** An event comment's marker: unique per decided action, so a repeated action edits, never duplicates. */
export const eventMarker = (id: string): string => `<!-- guard:event:${id} -->`;

const DASHBOARD_MARKER = /<!-- guard:dashboard:([^\s>]+) -->/;

/** The rollout key a dashboard issue body names, if it is one. */
export function dashboardKeyIn(body: string | undefined): string | undefined {
  return body ? DASHBOARD_MARKER.exec(body)?.[1] : undefined;
}

export const WAVE_LABELS = ['guard', 'guard/wave'] as const;
export const ROLLBACK_LABELS = ['guard', 'guard/rollback'] as const;
export const DASHBOARD_LABELS = ['guard', 'guard/dashboard'] as const;

export function waveTitle(state: RolloutState, wave: WaveState): string {
  return `guard: ${state.service} ${state.version} → ${wave.batch} (wave ${wave.index}/${state.waves.length})`;
}

export function rollbackTitle(state: RolloutState, wave: WaveState): string {
  return `guard: roll back ${state.service} ${state.version} on ${wave.batch}`;
}

/** The wave MR's description: what changes where, and what happens after the merge. */
export function waveBody(state: RolloutState, wave: WaveState, soak: string): string {
  const rows = wave.clusters.flatMap((c) =>
    c.fields.map(
      (f) => `| ${c.name} | ${c.environment} | \`${f.file}\` | ${f.chart} | ${f.from} → ${f.to} |`,
    ),
  );
  return [
    `GUARD upgrades **${state.service}** to **${state.version}** on batch \`${wave.batch}\` ` +
      `(wave ${wave.index} of ${state.waves.length}, ${wave.clusters.length} clusters).`,
    '',
    '| Cluster | Environment | File | Chart | Version |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    `Merge when \`guard/precheck\` passes. GUARD then waits for every cluster to apply ${state.version}, ` +
      `soaks it for ${soak}, and opens the next wave's MR when the soak passes, or a rollback MR when it fails.`,
    '',
    'Commands: `/guard status`, `/guard recheck`, `/guard pause`, `/guard resume`, `/guard rollback [reason]`, ' +
      '`/guard skip-soak <reason>`.',
  ].join('\n');
}

/** The rollback MR's description: what goes back, why, and the evidence. */
export function rollbackBody(state: RolloutState, wave: WaveState, reason: string): string {
  const rows = wave.clusters.flatMap((c) =>
    c.fields.map((f) => `| ${c.name} | \`${f.file}\` | ${f.chart} | ${f.to} → ${f.from} |`),
  );
  const source = wave.mr ? ` (wave MR !${wave.mr.number})` : '';
  return [
    `GUARD rolls **${state.service}** back from ${state.version} on batch \`${wave.batch}\`${source}.`,
    '',
    `**Why:** ${reason}`,
    '',
    '| Cluster | File | Chart | Version |',
    '|---|---|---|---|',
    ...rows,
    ...(wave.evidence
      ? ['', '<details><summary>Evidence</summary>', '', wave.evidence, '', '</details>']
      : []),
    '',
    'GUARD never rolls back a rollback. After the merge it checks that every cluster is back on its previous version.',
  ].join('\n');
}

/**
 * The sticky soak comment on a wave MR: where the soak stands, per cluster, and the latest evidence;
 * with `pageUrl` (the rollout page, when served) a link to the wave's charts.
 */
export function soakCommentBody(state: RolloutState, wave: WaveState, pageUrl?: string): string {
  const soak = wave.soak;
  const minutes = (ms: number) => Math.floor(ms / 60_000);
  const where =
    wave.phase === 'soaking' && soak?.held
      ? `held: ${soak.held.reason} — comment \`/guard skip-soak <reason>\` to go on or \`/guard rollback\` to roll back`
      : wave.phase === 'soaking' && soak
        ? `soaking: ${minutes(soak.elapsedMs)} of ${minutes(wave.soakMs)} min, ${soak.evaluations} evaluations`
        : wave.phase === 'passed'
          ? `soak passed${wave.skipSoak ? ` (skipped by ${wave.skipSoak.by}: ${wave.skipSoak.reason})` : ''}`
          : `soak ${wave.phase}${wave.failure ? `: ${wave.failure.reason}` : ''}`;
  const rows = wave.clusters.map((c) => {
    const failures = soak?.failures[c.name] ?? 0;
    const passes = soak?.passes[c.name] ?? 0;
    return `| ${c.name} | ${passes} | ${failures} |`;
  });
  return [
    SOAK_MARKER,
    `### GUARD soak — ${state.service} ${state.version} on ${wave.batch}`,
    '',
    `**${where}**`,
    '',
    ...(pageUrl ? [`📈 [Soak charts on the rollout page](${pageUrl}#wave-${wave.index})`, ''] : []),
    '| Cluster | Passing evaluations | Consecutive failures |',
    '|---|---|---|',
    ...rows,
    ...(wave.evidence
      ? ['', '<details><summary>Latest evidence</summary>', '', wave.evidence, '', '</details>']
      : []),
  ].join('\n');
}
