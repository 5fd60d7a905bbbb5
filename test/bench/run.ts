// `npm run bench`: figures, never assertions. Each scenario runs in a fresh process so RSS is its own.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateFleet } from './generate-fleet.ts';

const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 10_000);

function planFigures(
  root: string,
  service: string,
): { ms: number; peakRssMb: number; edits: number; errors: number; firstError?: string } {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'plan-fleet.ts'), root, service],
    { encoding: 'utf8' },
  );
  return JSON.parse(out);
}

const root = mkdtempSync(join(tmpdir(), 'guard-bench-'));
try {
  generateFleet(root, CLUSTERS);
  console.log(
    `planner: generated fleet of ${CLUSTERS} clusters (istio: 3 charts in one 4-document file per cluster; promtail: one 2-document file per cluster)`,
  );
  for (const service of ['promtail', 'istio']) {
    const runs = [0, 1, 2].map(() => planFigures(root, service));
    const best = runs.reduce((a, b) => (a.ms <= b.ms ? a : b));
    if (best.errors) console.log(`  ${service}: ${best.errors} errors, first: ${best.firstError}`);
    console.log(
      `  plan ${service.padEnd(8)} load+validate+plan+edits: ${best.ms.toFixed(0)} ms (best of 3; ${runs.map((r) => r.ms.toFixed(0)).join(' / ')}), ` +
        `peak RSS ${best.peakRssMb.toFixed(0)} MB, ${best.edits} files edited`,
    );
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
