// Planner figures: load + validate + plan + every edit of a generated fleet, each run in a fresh
// process (plan-fleet.mjs, on the compiled dist/ that `guard plan` runs) so its time and peak RSS
// are its own. Figures beside targets, never
// assertions. BENCH_CLUSTERS and BENCH_RUNS change the size and the number of runs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FleetKind, generateFleet } from './generate-fleet.ts';
import { staleDist } from './stale-dist.ts';

const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

interface Figures {
  ms: number;
  cpuMs: number;
  peakRssMb: number;
  edits: number;
  errors: number;
  firstError?: string;
}

interface Case {
  kind: FleetKind;
  label: string;
  target: { ms: number; mb: number };
}

const CASES: Case[] = [
  {
    kind: 'alike',
    label: 'release documents alike but for their values (typical)',
    target: { ms: 1500, mb: 200 },
  },
  { kind: 'unique', label: 'every release document unique (worst case)', target: { ms: 5000, mb: 300 } },
  {
    kind: 'realistic',
    label: 'like a real fleet: per-cluster values of every width, quoting, comments, CRLF, kiali',
    target: { ms: 1500, mb: 200 },
  },
];

function planFigures(root: string, service: string): Figures & { load: number } {
  const load = loadavg()[0]!;
  const script = join(import.meta.dirname, 'plan-fleet.mjs');
  const out = execFileSync(process.execPath, [script, root, service], { encoding: 'utf8' });
  return { ...(JSON.parse(out) as Figures), load };
}

function withFleet<T>(kind: FleetKind, clusters: number, act: (root: string) => T): T {
  const root = mkdtempSync(join(tmpdir(), 'guard-bench-'));
  try {
    generateFleet(root, clusters, kind);
    return act(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const round = (n: number) => n.toFixed(0);

function report(service: string, runs: (Figures & { load: number })[], target?: Case['target']): void {
  const best = runs.reduce((a, b) => (a.ms <= b.ms ? a : b));
  const peak = Math.max(...runs.map((r) => r.peakRssMb));
  if (best.errors) console.log(`  ${service}: ${best.errors} errors, first: ${best.firstError}`);
  const figure =
    `${round(best.ms)} ms best of ${runs.length} (${runs.map((r) => round(r.ms)).join(' / ')}; ` +
    `load ${runs.map((r) => r.load.toFixed(1)).join(' / ')}), cpu ${round(best.cpuMs)} ms, peak RSS ${round(peak)} MB, ${best.edits} files edited`;
  const verdict = target
    ? `   target < ${target.ms} ms, < ${target.mb} MB: ${best.ms < target.ms && peak < target.mb ? 'met' : 'NOT met'}`
    : '';
  console.log(`  ${service.padEnd(8)} ${figure}${verdict}`);
}

const stale = staleDist(join(import.meta.dirname, '../..'));
if (stale) {
  console.log(
    `planner: skipped, dist/ is older than ${stale}; run \`npm run build\` (\`npm run bench\` does)`,
  );
  process.exit(0);
}
const baseline = withFleet('alike', 10, (root) => planFigures(root, 'istio'));
console.log(
  `planner, ${CLUSTERS} clusters, load + validate + plan + all edits; a fresh process per run; ` +
    `Node and GUARD's compiled modules alone take ${round(baseline.peakRssMb)} MB of that RSS`,
);
console.log(
  'istio: base, istiod, gateway (and kiali, not Istio) per cluster; promtail: one release per cluster',
);
for (const c of CASES) {
  withFleet(c.kind, CLUSTERS, (root) => {
    console.log(`${c.kind}: ${c.label}`);
    report(
      'istio',
      Array.from({ length: RUNS }, () => planFigures(root, 'istio')),
      c.target,
    );
    report('promtail', [planFigures(root, 'promtail')]);
  });
}
