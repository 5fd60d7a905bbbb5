import type { CheckOutcome } from '../ports/service-provider.ts';
import type { PrecheckInput } from '../rollout/wave-checks.ts';
import type { PrecheckRow } from './precheck-title.ts';

/** DESIGN section 3: the sticky comment is found again by this marker and edited in place. */
export const PRECHECK_MARKER = '<!-- guard:precheck -->';
/** GitHub check-run summaries (and so the comment, which carries the same text) stop here. */
export const MARKDOWN_LIMIT = 65_535;

const ICON: Record<CheckOutcome['status'], string> = { pass: '✅', fail: '❌', warn: '⚠️' };
const NOT_RUN = '—';
/** Room kept for the "not shown" notes when rows or reasons are cut. */
const NOTE_ROOM = 200;

/**
 * The sticky precheck comment: a table (clusters as rows, checks as columns), then every ❌ and ⚠️
 * with its reason. Rows with failures come first, so when a huge wave must be cut to the limit,
 * what is cut is the clusters that passed.
 */
export function renderPrecheck(
  input: PrecheckInput,
  title: string,
  rows: readonly PrecheckRow[],
  columns: readonly string[],
  limit = MARKDOWN_LIMIT,
): string {
  const passed = !rows.some((r) => r.outcomes.some((o) => o.status === 'fail'));
  const head = [
    PRECHECK_MARKER,
    `### ${passed ? '✅' : '❌'} ${title}`,
    '',
    subtitle(input),
    '',
    `| cluster | ${columns.map(cell).join(' | ')} |`,
    `|:--|${columns.map(() => ':-:|').join('')}`,
  ];
  const ordered = [...rows].sort((a, b) => severity(b) - severity(a));
  const tableLines = ordered.map((r) => tableRow(r, columns));
  const reasonLines = ordered.flatMap((r) =>
    r.outcomes
      .filter((o) => o.status !== 'pass')
      .map((o) => `- **${r.cluster}** ${ICON[o.status]} \`${o.check}\`: ${escapeText(o.reason)}`),
  );
  const foot = ['', `<sub>✅ pass · ❌ fail, blocks the merge · ⚠️ warning · ${NOT_RUN} not run</sub>`];
  const room = limit - length([...head, ...foot, '', '### Reasons']) - NOTE_ROOM;
  const table = fitLines(tableLines, reasonLines.length > 0 ? Math.floor(room / 2) : room);
  const reasons = fitLines(reasonLines, room - length(table.kept));
  return [
    ...head,
    ...table.kept,
    ...note(table.cut, 'more clusters not shown', limit),
    ...(reasonLines.length > 0 ? ['', '### Reasons', ...reasons.kept] : []),
    ...note(reasons.cut, 'more reasons not shown', limit),
    ...foot,
  ].join('\n');
}

function subtitle(input: PrecheckInput): string {
  const froms = [...new Set(input.clusters.flatMap((c) => c.fields.map((f) => f.from)))].slice(0, 5);
  const checked = `${input.now.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return (
    `${input.serviceName} ${froms.join(', ')} → **${input.version}** on **${input.wave.batch}** ` +
    `(wave ${input.wave.index} of ${input.wave.count}) · strategy \`${input.strategy}\` · checked ${checked}`
  );
}

function tableRow(row: PrecheckRow, columns: readonly string[]): string {
  const cells = columns.map((column) => {
    const outcomes = row.outcomes.filter((o) => o.check === column);
    if (outcomes.length === 0) return NOT_RUN;
    return ICON[worst(outcomes)];
  });
  return `| ${row.cluster} | ${cells.join(' | ')} |`;
}

/** A provider may report one check name twice (per workload, say): the cell shows the worst. */
function worst(outcomes: readonly CheckOutcome[]): CheckOutcome['status'] {
  if (outcomes.some((o) => o.status === 'fail')) return 'fail';
  return outcomes.some((o) => o.status === 'warn') ? 'warn' : 'pass';
}

function severity(row: PrecheckRow): number {
  return { pass: 0, warn: 1, fail: 2 }[worst(row.outcomes)];
}

function fitLines(lines: readonly string[], budget: number): { kept: string[]; cut: number } {
  let used = 0;
  let n = 0;
  while (n < lines.length && used + lines[n]!.length + 1 <= budget) used += lines[n++]!.length + 1;
  return { kept: lines.slice(0, n), cut: lines.length - n };
}

function note(cut: number, what: string, limit: number): string[] {
  return cut > 0
    ? ['', `_… ${cut} ${what}: a comment holds at most ${limit.toLocaleString('en')} characters_`]
    : [];
}

function length(lines: readonly string[]): number {
  return lines.reduce((n, l) => n + l.length + 1, 0);
}

/** Reasons carry text from clusters and backends: keep it from opening HTML or breaking the table. */
function escapeText(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function cell(text: string): string {
  return escapeText(text).replace(/\|/g, '\\|');
}
