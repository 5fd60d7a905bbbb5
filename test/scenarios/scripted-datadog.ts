import { HttpResponse, http } from 'msw';

export const DD_KEYS = { DD_API_KEY: 'scenario-api-key', DD_APP_KEY: 'scenario-app-key' };

/** One `aggr:metric{scope}` term of a query, as the adapter sent it (scope already narrowed). */
export interface QueryTerm {
  aggr: string;
  metric: string;
  scope: string;
}

/** A term's value for a cluster in the 60-second bucket starting at `sec`; undefined: no point. */
export type TermValue = (term: QueryTerm, cluster: string, sec: number) => number | undefined;

const TERM = /(\w+):([\w.]+)\{([^{}]*)\}/g;
const INTERVAL = 60;

/**
 * A Datadog API on msw for scenarios whose values the test scripts per query term, cluster and
 * minute. `GET /api/v1/query` answers one series per `kube_cluster_name` of the scope with a
 * point in each 60-second bucket where every term of the expression has a value (an arithmetic
 * result needs both operands, so a ratio whose numerator has no data has no point, as in Datadog),
 * shaped like the examples in Datadog's API reference; `GET /api/v1/monitor` answers `monitors`.
 */
export function scriptedDatadog(value: TermValue, base = 'https://api.datadoghq.com') {
  const state = { monitors: [] as object[], queries: [] as string[] };
  const refused = (request: Request) =>
    request.headers.get('dd-api-key') !== DD_KEYS.DD_API_KEY ||
    request.headers.get('dd-application-key') !== DD_KEYS.DD_APP_KEY
      ? HttpResponse.json({ errors: ['Forbidden'] }, { status: 403 })
      : undefined;
  const handlers = [
    http.get(`${base}/api/v1/query`, ({ request }) => {
      const url = new URL(request.url);
      const query = url.searchParams.get('query') ?? '';
      state.queries.push(query);
      const from = Number(url.searchParams.get('from'));
      const to = Number(url.searchParams.get('to'));
      return refused(request) ?? HttpResponse.json(answer(value, query, from, to));
    }),
    http.get(`${base}/api/v1/monitor`, ({ request }) => {
      const url = new URL(request.url);
      const page = Number(url.searchParams.get('page') ?? 0);
      const size = Number(url.searchParams.get('page_size') ?? 100);
      return refused(request) ?? HttpResponse.json(state.monitors.slice(page * size, (page + 1) * size));
    }),
  ];
  return { state, handlers };
}

function answer(value: TermValue, query: string, from: number, to: number) {
  const terms = [...query.matchAll(TERM)].map(
    ([, aggr, metric, scope]) => ({ aggr, metric, scope }) as QueryTerm,
  );
  const clusters = [...new Set([...query.matchAll(/kube_cluster_name:([\w./-]+)/g)].map((m) => m[1]!))];
  const series = clusters.flatMap((cluster) => {
    const pointlist: [number, number][] = [];
    for (let t = Math.floor(from / INTERVAL) * INTERVAL; t <= to; t += INTERVAL) {
      const values = terms.map((term) => value(term, cluster, t));
      if (values.some((v) => v === undefined)) continue;
      pointlist.push([t * 1000, combine(query, values as number[])]);
    }
    if (pointlist.length === 0) return [];
    return [
      {
        aggr: terms[0]!.aggr,
        display_name: terms[0]!.metric,
        end: to * 1000,
        expression: query,
        interval: INTERVAL,
        length: pointlist.length,
        metric: terms[0]!.metric,
        pointlist,
        query_index: 0,
        scope: `kube_cluster_name:${cluster}`,
        start: from * 1000,
        tag_set: [`kube_cluster_name:${cluster}`],
        unit: null,
      },
    ];
  });
  return {
    status: 'ok',
    res_type: 'time_series',
    resp_version: 1,
    query,
    from_date: from * 1000,
    to_date: to * 1000,
    series,
    values: [],
    times: [],
    message: '',
    group_by: ['kube_cluster_name'],
  };
}

/** One term as it is, or `a / b`; anything else is beyond what these scenarios need. */
function combine(query: string, values: number[]): number {
  if (values.length === 1) return values[0]!;
  if (values.length === 2 && / \/ /.test(query)) return values[1] === 0 ? 0 : values[0]! / values[1]!;
  throw new Error(`the scripted Datadog cannot evaluate ${query}`);
}
