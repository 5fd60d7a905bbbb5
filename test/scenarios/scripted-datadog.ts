import { HttpResponse, http } from 'msw';

export const DD_KEYS = { DD_API_KEY: 'scenario-api-key', DD_APP_KEY: 'scenario-app-key' };

/** One metric query of a request (`agg:metric{scope} by {…}.modifiers()`), scope already narrowed. */
export interface QueryTerm {
  aggr: string;
  metric: string;
  scope: string;
}

/** A term's value for a cluster in the bucket starting at `sec`; undefined: no point. */
export type TermValue = (term: QueryTerm, cluster: string, sec: number) => number | undefined;

const TERM = /^(?:([a-z][a-z0-9_]*):)?([a-z][\w.]*)\{([^{}]*)\}/i;

/**
 * A Datadog API on msw for scenarios whose values the test scripts per metric query, cluster and
 * bucket: `POST /api/v2/query/timeseries` (docs.datadoghq.com/api/latest/metrics/#query-timeseries-
 * data-across-multiple-products) answers one series per `kube_cluster_name` of the scope with the
 * formula evaluated per bucket, `null` where an operand has no point (so `errors / all` without
 * errors has none, as in Datadog); `GET /api/v1/monitor` answers `state.monitors` (a list, or a function of the moment asked).
 */
export function scriptedDatadog(value: TermValue, base = 'https://api.datadoghq.com') {
  const state = { monitors: [] as object[] | (() => object[]), queries: [] as string[] };
  const refused = (request: Request) =>
    request.headers.get('dd-api-key') !== DD_KEYS.DD_API_KEY ||
    request.headers.get('dd-application-key') !== DD_KEYS.DD_APP_KEY
      ? HttpResponse.json({ errors: ['Forbidden'] }, { status: 403 })
      : undefined;
  const handlers = [
    http.post(`${base}/api/v2/query/timeseries`, async ({ request }) => {
      const body = (await request.json()) as { data: { attributes: TimeseriesRequest } };
      state.queries.push(...body.data.attributes.queries.map((q) => q.query));
      return refused(request) ?? HttpResponse.json(answer(value, body.data.attributes));
    }),
    http.get(`${base}/api/v1/monitor`, ({ request }) => {
      const url = new URL(request.url);
      const page = Number(url.searchParams.get('page') ?? 0);
      const size = Number(url.searchParams.get('page_size') ?? 100);
      const monitors = typeof state.monitors === 'function' ? state.monitors() : state.monitors;
      return refused(request) ?? HttpResponse.json(monitors.slice(page * size, (page + 1) * size));
    }),
  ];
  return { state, handlers };
}

interface TimeseriesRequest {
  from: number;
  to: number;
  interval?: number;
  queries: Array<{ name: string; query: string }>;
  formulas?: Array<{ formula: string }>;
}

function answer(value: TermValue, request: TimeseriesRequest) {
  const interval = request.interval ?? 60_000;
  const times: number[] = [];
  for (let t = Math.floor(request.from / interval) * interval; t < request.to; t += interval) times.push(t);
  const terms = new Map(request.queries.map((q) => [q.name, termOf(q.query)]));
  const formula = request.formulas?.[0]?.formula ?? request.queries[0]!.name;
  const clusters = [
    ...new Set(
      request.queries.flatMap((q) =>
        [...q.query.matchAll(/kube_cluster_name:([\w./-]+)/g)].map((m) => m[1]!),
      ),
    ),
  ];
  const rows = clusters
    .map((cluster) => ({
      cluster,
      values: times.map((ms) => evaluate(formula, (name) => value(terms.get(name)!, cluster, ms / 1000))),
    }))
    .filter((row) => row.values.some((v) => v !== null));
  return {
    data: {
      type: 'timeseries_response',
      id: '0',
      attributes: {
        series: rows.map((row) => ({
          group_tags: [`kube_cluster_name:${row.cluster}`],
          query_index: 0,
          unit: [null],
        })),
        times,
        values: rows.map((row) => row.values),
      },
    },
  };
}

function termOf(query: string): QueryTerm {
  const match = TERM.exec(query.trim());
  if (!match) throw new Error(`the scripted Datadog cannot read ${query}`);
  return { aggr: match[1] ?? 'avg', metric: match[2]!, scope: match[3]! };
}

/**
 * A formula over named queries with + − × ÷, parentheses and `default_zero(…)`, null when an
 * operand is; other functions only over no data (scenarios never script them).
 */
function evaluate(formula: string, lookup: (name: string) => number | undefined): number | null {
  const tokens = formula.match(/[a-z_]+\(|q\d+|\d+(?:\.\d+)?|[-+*/()]/gi) ?? [];
  let at = 0;
  const expression = (): number | null => {
    let left = term();
    while (tokens[at] === '+' || tokens[at] === '-') {
      const op = tokens[at++];
      const right = term();
      left = left === null || right === null ? null : op === '+' ? left + right : left - right;
    }
    return left;
  };
  const term = (): number | null => {
    let left = factor();
    while (tokens[at] === '*' || tokens[at] === '/') {
      const op = tokens[at++];
      const right = factor();
      if (left === null || right === null || (op === '/' && right === 0)) left = null;
      else left = op === '*' ? left * right : left / right;
    }
    return left;
  };
  const factor = (): number | null => {
    const token = tokens[at++]!;
    if (token === '(' || token.endsWith('(')) {
      const inner = expression();
      at++; // ')'
      if (token === 'default_zero(') return inner ?? 0;
      if (token !== '(' && inner !== null) throw new Error(`the scripted Datadog cannot evaluate ${token}…)`);
      return inner;
    }
    if (/^q\d+$/.test(token)) return lookup(token) ?? null;
    return Number(token);
  };
  return expression();
}
