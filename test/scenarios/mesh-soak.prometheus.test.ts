import { afterAll, beforeAll } from 'vitest';
import { createPrometheusMetrics } from '../../providers/metrics/prometheus/index.ts';
import { until } from '../providers/metrics/prometheus/start-prometheus.ts';
import { type HistoryPrometheus, type HistorySeries, startHistoryPrometheus } from './history-prometheus.ts';
import { describeMeshSoak } from './mesh-soak.ts';
import { type MeshStory, REJECTS_PER_MINUTE, requestsAt, STORIES } from './mesh-stories.ts';

const HOUR = 3_600_000;
/** Each story gets its own two hours of the past, the merge in the middle; the newest ends 2h ago. */
const BASE = Math.floor((Date.now() - 14 * HOUR) / HOUR) * HOUR;
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

/**
 * The story's alerting rule, always true for its cluster. One firing from before the merge is
 * restored from its ALERTS_FOR_STATE series (value: since when, in epoch seconds), as a Prometheus
 * that had it firing then would; one starting after the merge fires when the server starts, which
 * is later than any story's merge.
 */
function alertRules(story: MeshStory): { rules: string; history: HistorySeries[] } {
  const alert = story.alert!;
  const before = alert.fromMinute < 0;
  const rules = [
    'groups:',
    '  - name: mesh',
    '    interval: 1s',
    '    rules:',
    `      - alert: ${alert.name}`,
    `        expr: label_replace(vector(1), "kube_cluster_name", "${alert.cluster}", "", "")`,
    `        for: ${before ? '1m' : '0s'}`,
    '',
  ].join('\n');
  if (!before) return { rules, history: [] };
  const startSec = STARTS[story.name]!.getTime() / 1000;
  const fromSec = startSec + alert.fromMinute * 60;
  const samples = Array.from({ length: (startSec + 50 * 60 - fromSec) / STEP }, (_, i) => {
    return [fromSec + i * STEP, fromSec] as const;
  });
  const labels = { alertname: alert.name, kube_cluster_name: alert.cluster };
  return { rules, history: [{ name: 'ALERTS_FOR_STATE', labels, samples }] };
}

let prometheus: HistoryPrometheus;
const alerting = new Map<string, HistoryPrometheus>();

beforeAll(async () => {
  const stories = Object.values(STORIES) as MeshStory[];
  prometheus = await startHistoryPrometheus(stories.filter((s) => !s.alert).flatMap(history));
  for (const story of stories.filter((s) => s.alert)) {
    const { rules, history: state } = alertRules(story);
    const server = await startHistoryPrometheus([...history(story), ...state], { rules });
    alerting.set(story.name, server);
    await until(async () => (await firingSince(server.url, story.alert!.name)) !== undefined, 20_000);
  }
}, 120_000);

afterAll(async () => {
  await prometheus?.stop();
  for (const server of alerting.values()) await server.stop();
});

/** When the alert fires since, per `/api/v1/alerts`; undefined while it is not firing. */
async function firingSince(url: string, name: string): Promise<string | undefined> {
  const body = (await (await fetch(`${url}/api/v1/alerts`)).json()) as {
    data: { alerts: { labels: Record<string, string>; state: string; activeAt: string }[] };
  };
  return body.data.alerts.find((a) => a.labels.alertname === name && a.state === 'firing')?.activeAt;
}

describeMeshSoak({
  name: 'prometheus',
  alertLink: /\(http:\/\/127\.0\.0\.1:\d+\/graph\?g0\.expr=ALERTS%7Balertname%3D%22MeshUpstreamResets%22/,
  story(story) {
    const url = (alerting.get(story.name) ?? prometheus).url;
    return {
      start: STARTS[story.name]!,
      metrics: (clock) =>
        createPrometheusMetrics({ clusterTag: 'kube_cluster_name', env: { PROMETHEUS_URL: url }, clock }),
    };
  },
});
