// Planner figures: load + validate + plan + every edit for a generated fleet. Never assertions.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateFleet } from './generate-fleet.ts';

const CLUSTERS = Number(process.env.BENCH_CLUSTERS ?? 10_000);

interface Figures {
  ms: number;
  peakRssMb: number;
  edits: number;
  errors: number;
  firstError?: string;
}

function planFigures(root: string, service: string): Figures {
  const script = join(import.meta.dirname, 'plan-fleet.ts');
  return JSON.parse(
    execFileSync(process.execPath, ['--import', 'tsx', script, root, service], { encoding: 'utf8' }),
  );
}

function benchFleet(label: string, uniqueReleases: boolean): void {
  const root = mkdtempSync(join(tmpdir(), 'guard-bench-'));
  try {
    generateFleet(root, CLUSTERS, { uniqueReleases });
    console.log(`planner, ${CLUSTERS} clusters, ${label}:`);
    for (const service of ['promtail', 'istio']) {
      const runs = [0, 1, 2].map(() => planFigures(root, service));
      const best = runs.reduce((a, b) => (a.ms <= b.ms ? a : b));
      if (best.errors) console.log(`  ${service}: ${best.errors} errors, first: ${best.firstError}`);
      console.log(
        `  ${service.padEnd(8)} load+validate+plan+all edits: ${best.ms.toFixed(0)} ms best of 3 ` +
          `(${runs.map((r) => r.ms.toFixed(0)).join(' / ')}), peak RSS ${best.peakRssMb.toFixed(0)} MB, ${best.edits} files edited`,
      );
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

console.log(
  'promtail: one 2-document file per cluster (1 HelmRelease); istio: one 4-document file per cluster (3 HelmReleases)',
);
benchFleet('release documents alike but for their values (typical)', false);
benchFleet('every release document unique (worst case)', true);
