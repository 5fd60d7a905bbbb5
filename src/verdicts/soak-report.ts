import { bucketMeans, SPARK_WIDTH } from './baseline-summary.ts';
import { checkFigures } from './check-figures.ts';
import type { HealthCheck } from './health-checks.ts';
import type { MetricCheck } from './judge-metric.ts';
import { sparkPair } from './sparkline.ts';
import type { Verdict } from './window-test.ts';

/** What one cluster's evaluation found. */
export interface ClusterEvidence {
  cluster: string;
  verdict: Verdict;
  metrics: MetricCheck[];
  health: HealthCheck[];
}

export interface SoakReportInput {
  /** e.g. "istio 1.20.0, wave 2/4 (dev-wave-1)". */
  heading: string;
  evaluatedAt: Date;
  soakSince: Date;
  baseline: { from: Date; to: Date };
  controls: readonly string[];
  /** The provider's `soakNote`. */
  note?: string;
  clusters: readonly ClusterEvidence[];
  /** GitHub check summaries hold 65,535 characters. */
  limit?: number;
}

const ICON: Record<Verdict, string> = { pass: '✅ pass', fail: '❌ fail', inconclusive: '⚠️ inconclusive' };
const FOOTER_RESERVE = 200;

/**
 * The soak evidence: a row per failing cluster and a detail table for each, then a row per
 * inconclusive cluster, then warnings; cut between blocks to fit `limit` with a note of the cut.
 */
export function renderSoakReport(input: SoakReportInput): { title: string; markdown: string } {
  const limit = input.limit ?? 65_535;
  const failing = input.clusters.filter((c) => c.verdict === 'fail');
  const unsure = input.clusters.filter((c) => c.verdict === 'inconclusive');
  const passing = input.clusters.length - failing.length - unsure.length;
  const head = [
    `### Soak evaluation: ${input.heading}`,
    '',
    `Evaluated ${iso(input.evaluatedAt)} · soaking since ${iso(input.soakSince)} · baseline ${iso(input.baseline.from)} – ${iso(input.baseline.to)} · controls: ${input.controls.length ? input.controls.join(', ') : 'none'}`,
    '',
    ...(input.note ? [`> ${cell(input.note)}`, ''] : []),
    `${failing.length} failing, ${unsure.length} inconclusive, ${passing} passing of ${input.clusters.length} clusters.`,
    '',
  ].join('\n');
  // What a reader acts on comes first, so that a cut to fit drops the rest: the failing clusters
  // and their details, then the inconclusive ones, then warnings.
  const blocks = [...table(failing), ...failing.map(detail), ...table(unsure), ...warnings(input.clusters)];
  return { title: title(failing, unsure, input.clusters.length), markdown: fitWithin(head, blocks, limit) };
}

/** A summary table, the header in the first row's block. */
function table(clusters: readonly ClusterEvidence[]): string[] {
  const rows = clusters.map(
    (c) => `| ${cell(c.cluster)} | ${ICON[c.verdict]} | ${cell(clusterSummary(c))} |\n`,
  );
  if (rows.length) rows[0] = `\n| Cluster | Verdict | Checks |\n|---|---|---|\n${rows[0]}`;
  return rows;
}

function title(failing: ClusterEvidence[], unsure: ClusterEvidence[], total: number): string {
  if (failing.length) {
    const names =
      failing
        .slice(0, 3)
        .map((c) => c.cluster)
        .join(', ') + (failing.length > 3 ? ', …' : '');
    return `soak: ${failing.length} of ${total} clusters failing (${names})`.slice(0, 255);
  }
  if (unsure.length) return `soak: ${unsure.length} of ${total} clusters inconclusive, none failing`;
  return `soak: all ${total} clusters pass`;
}

/** One line per cluster: the checks that gave it its verdict, with their reasons. */
export function clusterSummary(c: ClusterEvidence): string {
  const checks = [
    ...c.health.filter((h) => h.verdict === c.verdict).map((h) => `${h.check}: ${h.reason}`),
    ...c.metrics.filter((m) => m.verdict === c.verdict).map((m) => `${m.metric}: ${m.reason}`),
  ];
  return checks.join('; ');
}

function detail(c: ClusterEvidence): string {
  const lines = [
    '',
    `#### ❌ ${cell(c.cluster)}`,
    '',
    '| Check | Verdict | Baseline (median · p95) | Current (median · p95) | Test | Limit | Baseline → last hour | Evidence |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const m of c.metrics) {
    const [before, after] = sparkPair(m.spark.baseline, bucketMeans(m.spark.current, SPARK_WIDTH));
    const trend = before || after ? `${before || '—'} → ${after || '—'}` : '—';
    const where = m.link ? `[graph](${m.link})` : m.query ? `\`${m.query.replaceAll('`', "'")}\`` : '';
    const evidence = `${m.reason}; window ${clock(m.window.from)}–${clock(m.window.to)}${where ? `; ${where}` : ''}`;
    const f = checkFigures(m);
    lines.push(
      `| ${cell(m.metric)} | ${ICON[m.verdict]} | ${f.baseline} | ${f.current}${f.change ? ` ${f.change}` : ''} | ${f.test} | ${cell(f.limit)} | ${trend} | ${cell(evidence)} |`,
    );
  }
  for (const h of c.health)
    lines.push(`| ${cell(h.check)} | ${healthIcon(h)} | | | | | | ${cell(h.reason)}${links(h)} |`);
  return `${lines.join('\n')}\n`;
}

/** Clusters that pass with something to look at (an alert already firing before the merge), a block a row. */
function warnings(clusters: readonly ClusterEvidence[]): string[] {
  const rows = clusters.flatMap((c) =>
    c.verdict === 'fail'
      ? []
      : c.health
          .filter((h) => h.warning)
          .map((h) => `- ⚠️ ${cell(c.cluster)}: ${cell(h.check)}: ${cell(h.reason)}${links(h)}\n`),
  );
  if (rows.length) rows[0] = `\n**Warnings**\n\n${rows[0]}`;
  return rows;
}

function healthIcon(h: HealthCheck): string {
  return h.warning && h.verdict === 'pass' ? '⚠️ warn' : ICON[h.verdict];
}

function links(h: HealthCheck): string {
  return h.links?.length
    ? ` (${h.links.map((l) => `[${cell(l.label).replaceAll(/[[\]]/g, '')}](${l.url})`).join(', ')})`
    : '';
}

/** Appends blocks while they fit, then says how much was cut. */
function fitWithin(head: string, blocks: string[], limit: number): string {
  let out = head;
  let cut = 0;
  let cutChars = 0;
  for (const block of blocks) {
    if (cut === 0 && out.length + block.length + FOOTER_RESERVE <= limit) out += block;
    else {
      cut++;
      cutChars += block.length;
    }
  }
  if (cut)
    out += `\n… ${cut} more rows and cluster sections (${cutChars} characters) cut to fit ${limit} characters.\n`;
  return out;
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll(/\s*\n\s*/g, ' ');
}

function iso(d: Date): string {
  return d.toISOString().replace(/\.000Z$/, 'Z');
}

function clock(sec: number): string {
  return new Date(sec * 1000).toISOString().slice(11, 16);
}
