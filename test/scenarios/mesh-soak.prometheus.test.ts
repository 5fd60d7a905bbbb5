import { afterAll, beforeAll } from 'vitest';
import { createPrometheusMetrics } from '../../providers/metrics/prometheus/index.ts';
import { type HistoryPrometheus, type HistorySeries, startHistoryPrometheus } from './history-prometheus.ts';
import { describeMeshSoak } from './mesh-soak.ts';
import { type MeshStory, REJECTS_PER_MINUTE, requestsAt, STORIES } from './mesh-stories.ts';

const HOUR = 3_600_000;
/** Each story gets its own two hours of the past, the merge in the middle; the newest ends 2h ago. */
const BASE = Math.floor((Date.now() - 8 * HOUR) / HOUR) * HOUR;
const STARTS: Record<string, Date> = Object.fromEntries(
  Object.values(STORIES).map((s, i) => [s.name, new Date(BASE + (2 * i + 1) * HOUR)]),
);
const STEP = 15;

/**
 * A story's history as Istio exports it to Prometheus: `istio_requests_total` (server-side, 200s
 * only) per cluster that serves requests, and `pilot_total_xds_rejects` once it starts. No 5xx
 * series, no push-error or restart counters, no duration histogram.
 */
function history(story: MeshStory): HistorySeries[] {
  const startSec = STARTS[story.name]!.getTime() / 1000;
  const times = Array.from({ length: (100 * 60) / STEP }, (_, i) => startSec - 50 * 60 + i * STEP);
  return Object.entries(story.clusters).flatMap(([cluster, c]) => {
    const out: HistorySeries[] = [];
    if (c.requests) {
      const ok: [number, number][] = [];
      const failed: [number, number][] = [];
      let [okTotal, failedTotal] = [0, 0];
      for (const t of times) {
        const requests = (requestsAt(cluster, t) * STEP) / 60;
        okTotal += Math.round(requests * (1 - (c.errorShare ?? 0)));
        failedTotal += Math.round(requests * (c.errorShare ?? 0));
        ok.push([t, okTotal]);
        failed.push([t, failedTotal]);
      }
      const labels = { kube_cluster_name: cluster, reporter: 'destination' };
      out.push({ name: 'istio_requests_total', labels: { ...labels, response_code: '200' }, samples: ok });
      if (c.errorShare) {
        out.push({
          name: 'istio_requests_total',
          labels: { ...labels, response_code: '503' },
          samples: failed,
        });
      }
    }
    if (c.rejectsFromMinute !== undefined) {
      const from = startSec + c.rejectsFromMinute * 60;
      out.push({
        name: 'pilot_total_xds_rejects',
        labels: { kube_cluster_name: cluster, type: 'type.googleapis.com/envoy.config.cluster.v3.Cluster' },
        samples: times
          .filter((t) => t >= from)
          .map((t) => [t, 1 + ((t - from) / 60) * REJECTS_PER_MINUTE] as const),
      });
    }
    return out;
  });
}

let prometheus: HistoryPrometheus;

beforeAll(async () => {
  prometheus = await startHistoryPrometheus(Object.values(STORIES).flatMap(history));
}, 60_000);

afterAll(async () => {
  await prometheus?.stop();
});

describeMeshSoak({
  name: 'prometheus',
  story(story) {
    return {
      start: STARTS[story.name]!,
      metrics: (clock) =>
        createPrometheusMetrics({
          clusterTag: 'kube_cluster_name',
          env: { PROMETHEUS_URL: prometheus.url },
          clock,
        }),
    };
  },
});
