import { setupServer } from 'msw/node';
import { afterAll, beforeAll } from 'vitest';
import { createDatadogMetrics } from '../../providers/metrics/datadog/index.ts';
import { clusterMonitor } from '../providers/metrics/datadog/fake-datadog.ts';
import { describeMeshSoak } from './mesh-soak.ts';
import { type MeshStory, REJECTS_PER_MINUTE, requestsAt } from './mesh-stories.ts';
import { DD_KEYS, type QueryTerm, scriptedDatadog } from './scripted-datadog.ts';
import { START } from './world.ts';

/** The story the Datadog fake answers for; each test sets it through `story()`. */
let current: MeshStory | undefined;

/** What Datadog holds for the current story, term by term (Istio's Datadog metric names). */
function value(term: QueryTerm, cluster: string, sec: number): number | undefined {
  const c = current?.clusters[cluster];
  if (!c) return undefined;
  if (term.metric === 'istio.mesh.request.count') {
    if (!c.requests) return undefined;
    const share = c.errorShare ?? 0;
    const requests = requestsAt(cluster, sec);
    // Requests that did not fail; the 5xx ratio is (all − these) / all.
    if (/NOT response_code:5/.test(term.scope)) return Math.round(requests * (1 - share));
    if (/response_code:5/.test(term.scope)) return share ? Math.round(requests * share) : undefined;
    return requests;
  }
  if (term.metric === 'istio.pilot.total_xds_rejects.count' && c.rejectsFromMinute !== undefined) {
    return sec >= START.getTime() / 1000 + c.rejectsFromMinute * 60 ? REJECTS_PER_MINUTE : undefined;
  }
  return undefined;
}

/** The engine's clock, as the Datadog source was given it. */
let now: () => number = () => START.getTime();

/**
 * The story's monitor, a multi-alert by cluster: OK until it fires, then Alert with the group's
 * `last_triggered_ts` at the moment it started (API reference, Monitor › state.groups).
 */
function monitors(): object[] {
  const alert = current?.alert;
  if (!alert) return [];
  const fromSec = START.getTime() / 1000 + alert.fromMinute * 60;
  const firing = now() / 1000 >= fromSec;
  return [clusterMonitor(4711, alert.name, { [alert.cluster]: firing ? 'Alert' : 'OK' }, fromSec)];
}

const datadog = scriptedDatadog(value);
datadog.state.monitors = monitors;
const server = setupServer(...datadog.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

describeMeshSoak({
  name: 'datadog',
  alertLink: /\(https:\/\/app\.datadoghq\.com\/monitors\/4711\)/,
  story(story) {
    current = story;
    return {
      start: START,
      metrics: (clock) => {
        now = clock;
        return createDatadogMetrics({
          clusterTag: 'kube_cluster_name',
          env: DD_KEYS,
          clock,
          retry: { sleep: async () => {} },
        });
      },
    };
  },
});
