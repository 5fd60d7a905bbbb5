// Prechecks of a 500-cluster wave against fakes answering every call after 20 ms: wall time and the
// most calls the clusters were asked at once, at concurrency 8 and 32. Figures only.
import { setTimeout as sleep } from 'node:timers/promises';
import { createPrechecks } from '../../src/prechecks/create-prechecks.ts';
import { createFakeClusters } from '../fakes/clusters.ts';
import { createFakeMetrics } from '../fakes/metrics.ts';
import { errorSeries, healthyCluster, waveInput } from '../src/prechecks/wave.ts';

const CLUSTERS = 500;
const CALL_MS = 20;
const names = Array.from({ length: CLUSTERS }, (_, i) => `prod-${String(i).padStart(3, '0')}`);
const input = waveInput(names);

for (const concurrency of [8, 32]) {
  const clusters = createFakeClusters({
    clusters: Object.fromEntries(names.map((n) => [n, healthyCluster()])),
    delay: () => sleep(CALL_MS),
  });
  const metrics = createFakeMetrics({ series: errorSeries(names), delay: () => sleep(CALL_MS) });
  const started = performance.now();
  const report = await createPrechecks({ clusters, metrics, concurrency }).prechecks(input);
  const wallMs = performance.now() - started;
  const perCluster = clusters.calls.length / CLUSTERS;
  console.log(
    `concurrency ${String(concurrency).padStart(2)}: ${CLUSTERS} clusters in ${(wallMs / 1000).toFixed(2)} s` +
      ` · peak ${clusters.peakInFlight} concurrent cluster calls · ${clusters.calls.length} cluster calls` +
      ` (${perCluster} per cluster, ${CALL_MS} ms each) · ${metrics.calls.length} metrics calls` +
      ` · ${report.passed ? 'passed' : 'FAILED'} · comment ${report.markdown.length} chars`,
  );
}
