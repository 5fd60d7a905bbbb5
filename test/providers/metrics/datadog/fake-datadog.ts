import { HttpResponse, http } from 'msw';
import { evaluateFormula } from './fake-datadog-formula.ts';
import { evaluateMetricQuery, type FakeSeries, type Group, QueryError } from './fake-datadog-query.ts';

export const API_KEY = 'fake-api-key-0123456789abcdef';
export const APP_KEY = 'fake-app-key-0123456789abcdef0123456789';

/** A `POST /api/v2/query/timeseries` body as sent (snake_case, as on the wire). */
export interface TimeseriesRequest {
  from: number;
  to: number;
  interval?: number;
  queries: Array<{ data_source: string; name: string; query: string }>;
  formulas?: Array<{ formula: string }>;
}

/** What the fake holds and what it saw; tests arrange the first and assert on the second. */
export interface FakeDatadogState {
  /** Metric name → cluster → constant value: one series tagged `kube_cluster_name:<cluster>` each. */
  values: Map<string, Map<string, number>>;
  /** Further series with any tags, for queries that filter on more than the cluster. */
  series: FakeSeries[];
  /** Monitors as `GET /api/v1/monitor` returns them (snake_case JSON). */
  monitors: object[];
  /** Bodies of `POST /api/v1/events`. */
  events: Array<{ title: string; text: string; tags: string[] }>;
  /** Every timeseries request received (429s included). */
  requests: TimeseriesRequest[];
  /** The next this-many requests get a 429 with `X-RateLimit-Reset: resetSeconds`. */
  throttle: { remaining: number; resetSeconds: number };
}

/**
 * A Datadog API on msw, answering as its API reference documents: v2 timeseries queries
 * (docs.datadoghq.com/api/latest/metrics/#query-timeseries-data-across-multiple-products) evaluated
 * over the series the test put, monitors and events (v1), `{"errors": [...]}` bodies for 400, 403
 * and 429, and the `X-RateLimit-*` headers (docs.datadoghq.com/api/latest/rate-limits).
 */
export function fakeDatadog(base = 'https://api.datadoghq.com') {
  const state: FakeDatadogState = {
    values: new Map(),
    series: [],
    monitors: [],
    events: [],
    requests: [],
    throttle: { remaining: 0, resetSeconds: 0 },
  };
  // Posting events needs the API key only; reading needs both (API reference, Authorization).
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
    http.post(`${base}/api/v2/query/timeseries`, async ({ request }) => {
      const body = (await request.json()) as { data?: { type?: string; attributes?: TimeseriesRequest } };
      if (body.data?.attributes) state.requests.push(body.data.attributes);
      return guard(request) ?? answerTimeseries(state, body);
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
    'x-ratelimit-name': 'query',
  };
}

function answerTimeseries(
  state: FakeDatadogState,
  body: { data?: { type?: string; attributes?: TimeseriesRequest } },
) {
  const refuse = (error: string) => HttpResponse.json({ errors: [error] }, { status: 400 });
  const attributes = body.data?.attributes;
  if (body.data?.type !== 'timeseries_request' || !attributes)
    return refuse('Invalid request: data.type must be timeseries_request');
  if (!(attributes.to > attributes.from)) return refuse('Invalid request: from must be before to');
  if (!attributes.queries?.length) return refuse('Invalid request: no queries');
  const interval = attributes.interval ?? 60_000;
  const times = buckets(attributes.from, attributes.to, interval);
  const store = [...state.series, ...constantSeries(state)];
  try {
    const named = new Map(
      attributes.queries.map((q) => [q.name, evaluateMetricQuery(q.query, store, times)] as const),
    );
    const formulas = attributes.formulas?.length
      ? attributes.formulas
      : attributes.queries.map((q) => ({ formula: q.name }));
    const results = formulas.map(({ formula }) => evaluateFormula(formula, named));
    return HttpResponse.json(
      {
        data: {
          type: 'timeseries_response',
          id: '0',
          attributes: {
            series: results.flatMap((groups, index) => groups.map((g) => seriesEntry(g, index))),
            times,
            values: results.flatMap((groups) => groups.map((g) => g.values)),
          },
        },
      },
      { headers: limitHeaders(99, state) },
    );
  } catch (error) {
    if (error instanceof QueryError) return refuse(error.message);
    throw error;
  }
}

function seriesEntry(group: Group, queryIndex: number) {
  return { group_tags: group.tags, query_index: queryIndex, unit: [null] };
}

function constantSeries(state: FakeDatadogState): FakeSeries[] {
  return [...state.values].flatMap(([metric, clusters]) =>
    [...clusters].map(([cluster, value]) => ({ metric, tags: [`kube_cluster_name:${cluster}`], value })),
  );
}

/** Bucket starts (ms) aligned to the interval, as Datadog aligns them, overlapping [from, to). */
function buckets(from: number, to: number, interval: number): number[] {
  const starts: number[] = [];
  for (let t = Math.floor(from / interval) * interval; t < to; t += interval) starts.push(t);
  return starts;
}

/** A multi-alert monitor grouped by cluster, with each named group in `status`. */
export function clusterMonitor(
  id: number,
  name: string,
  groups: Record<string, 'Alert' | 'Warn' | 'OK'>,
  lastTriggeredSec = 1736164000,
) {
  const entries = Object.entries(groups).map(([cluster, status]) => [
    `kube_cluster_name:${cluster}`,
    {
      name: `kube_cluster_name:${cluster}`,
      status,
      last_triggered_ts: lastTriggeredSec,
      last_notified_ts: lastTriggeredSec,
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
