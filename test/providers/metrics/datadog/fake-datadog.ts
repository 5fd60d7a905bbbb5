import { HttpResponse, http } from 'msw';

export const API_KEY = 'fake-api-key-0123456789abcdef';
export const APP_KEY = 'fake-app-key-0123456789abcdef0123456789';

/** What the fake holds and what it saw; tests arrange the first and assert on the second. */
export interface FakeDatadogState {
  /** Metric name → cluster → constant value. */
  values: Map<string, Map<string, number>>;
  /** Monitors as `GET /api/v1/monitor` returns them (snake_case JSON). */
  monitors: object[];
  /** Bodies of `POST /api/v1/events`. */
  events: Array<{ title: string; text: string; tags: string[] }>;
  /** `query`, `from`, `to` of every `GET /api/v1/query` answered (429s included). */
  queries: Array<{ query: string; from: number; to: number }>;
  /** The next this-many requests get a 429 with `X-RateLimit-Reset: resetSeconds`. */
  throttle: { remaining: number; resetSeconds: number };
}

/** Datadog's `metric{scope} by {tags}` followed by functions; anything else is a parse error. */
const QUERY = /^(\w+):([\w.]+)\{([^{}]*)\} by \{([^{}]*)\}((?:\.\w+\([^()]*\))*)$/;

/**
 * A Datadog API on msw that answers metric queries by parsing the scope sent, as the real one
 * does: one series per `kube_cluster_name:<name>` in the scope that has data, with bodies shaped
 * like the examples in Datadog's API reference.
 */
export function fakeDatadog(base = 'https://api.datadoghq.com') {
  const state: FakeDatadogState = {
    values: new Map(),
    monitors: [],
    events: [],
    queries: [],
    throttle: { remaining: 0, resetSeconds: 0 },
  };
  // Posting events needs the API key only; reading needs both.
  const guard = (request: Request, needsAppKey = true) => {
    const appKeyOk = !needsAppKey || request.headers.get('dd-application-key') === APP_KEY;
    if (request.headers.get('dd-api-key') !== API_KEY || !appKeyOk) {
      return HttpResponse.json({ errors: ['Forbidden'] }, { status: 403 });
    }
    if (state.throttle.remaining > 0) {
      state.throttle.remaining--;
      return HttpResponse.json(
        { errors: ['Too many requests'] },
        { status: 429, headers: limitHeaders(0, state) },
      );
    }
    return undefined;
  };
  const handlers = [
    http.get(`${base}/api/v1/query`, ({ request }) => {
      const url = new URL(request.url);
      const asked = {
        query: url.searchParams.get('query') ?? '',
        from: Number(url.searchParams.get('from')),
        to: Number(url.searchParams.get('to')),
      };
      state.queries.push(asked);
      return guard(request) ?? answerQuery(state, asked);
    }),
    http.get(`${base}/api/v1/monitor`, ({ request }) => {
      const url = new URL(request.url);
      const page = Number(url.searchParams.get('page') ?? 0);
      const size = Number(url.searchParams.get('page_size') ?? 100);
      return guard(request) ?? HttpResponse.json(state.monitors.slice(page * size, (page + 1) * size));
    }),
    http.post(`${base}/api/v1/events`, async ({ request }) => {
      const refused = guard(request, false);
      if (refused) return refused;
      const body = (await request.json()) as FakeDatadogState['events'][number];
      state.events.push(body);
      const event = {
        id: 6509751111265,
        ...body,
        date_happened: 1736164800,
        url: 'https://app.datadoghq.com/event/event?id=6509751111265',
      };
      return HttpResponse.json({ status: 'ok', event }, { status: 202 });
    }),
  ];
  return { state, handlers };
}

function limitHeaders(remaining: number, state: FakeDatadogState): Record<string, string> {
  return {
    'x-ratelimit-limit': '100',
    'x-ratelimit-period': '10',
    'x-ratelimit-remaining': String(remaining),
    'x-ratelimit-reset': String(state.throttle.resetSeconds),
    'x-ratelimit-name': 'batch_query',
  };
}

function answerQuery(state: FakeDatadogState, asked: { query: string; from: number; to: number }) {
  const match = QUERY.exec(asked.query);
  if (!match) {
    return HttpResponse.json(
      { errors: [`Error parsing query: unable to parse ${asked.query}`], status: 'error' },
      { status: 400 },
    );
  }
  const [, aggr, metric, scope, groups, functions] = match as unknown as string[];
  const interval = Number(/\.rollup\(\w+,\s*(\d+)\)/.exec(functions!)?.[1] ?? 60);
  const clusters = [...scope!.matchAll(/kube_cluster_name:([\w./-]+)/g)].map((m) => m[1]!);
  const byCluster = groups!.split(',').includes('kube_cluster_name');
  const series = clusters
    .filter((name) => state.values.get(metric!)?.has(name))
    .map((name) => ({
      aggr,
      display_name: metric,
      end: asked.to * 1000,
      expression: `${aggr}:${metric}{kube_cluster_name:${name}}${functions}`,
      interval,
      length: 0,
      metric,
      pointlist: buckets(asked.from, asked.to, interval).map((ms) => [
        ms,
        state.values.get(metric!)!.get(name)!,
      ]),
      query_index: 0,
      scope: byCluster ? `kube_cluster_name:${name}` : scope,
      start: asked.from * 1000,
      tag_set: byCluster ? [`kube_cluster_name:${name}`] : [],
      unit: null,
    }))
    .map((s) => ({ ...s, length: s.pointlist.length }));
  return HttpResponse.json(
    {
      status: 'ok',
      res_type: 'time_series',
      resp_version: 1,
      query: asked.query,
      from_date: asked.from * 1000,
      to_date: asked.to * 1000,
      series,
      values: [],
      times: [],
      message: '',
      group_by: byCluster ? ['kube_cluster_name'] : [],
    },
    { headers: limitHeaders(99, state) },
  );
}

/** Bucket starts (ms) aligned to the interval, as Datadog aligns them, overlapping [from, to]. */
function buckets(fromS: number, toS: number, interval: number): number[] {
  const starts: number[] = [];
  for (let t = Math.floor(fromS / interval) * interval; t <= toS; t += interval) starts.push(t * 1000);
  return starts;
}

/** A multi-alert monitor grouped by cluster, with each named group in `status`. */
export function clusterMonitor(id: number, name: string, groups: Record<string, 'Alert' | 'Warn' | 'OK'>) {
  const entries = Object.entries(groups).map(([cluster, status]) => [
    `kube_cluster_name:${cluster}`,
    {
      name: `kube_cluster_name:${cluster}`,
      status,
      last_triggered_ts: 1736164000,
      last_notified_ts: 1736164000,
      last_nodata_ts: 0,
      last_resolved_ts: 0,
    },
  ]);
  const worst = Object.values(groups).includes('Alert')
    ? 'Alert'
    : Object.values(groups).includes('Warn')
      ? 'Warn'
      : 'OK';
  return {
    id,
    name,
    type: 'query alert',
    query:
      'avg(last_5m):sum:istio.mesh.request.count{response_code:5xx} by {kube_cluster_name}.as_rate() > 10',
    message: 'Errors are up @slack-platform',
    tags: ['team:platform'],
    options: { notify_no_data: false, thresholds: { critical: 10, warning: 5 } },
    overall_state: worst,
    created: '2025-01-02T10:00:00.000000+00:00',
    modified: '2025-01-02T10:00:00.000000+00:00',
    multi: true,
    state: { groups: Object.fromEntries(entries) },
  };
}
