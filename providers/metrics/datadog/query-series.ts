import type { v2 } from '@datadog/datadog-api-client';
import type { Point, SeriesQuery } from '../../../src/ports/metrics.ts';
import { DatadogApiError, datadogError } from './datadog-error.ts';
import { formulaQuery } from './formula-request.ts';
import { readSeries } from './read-series.ts';
import { explicitRollupSeconds, scopeQuery } from './scope-query.ts';

export interface QuerySeriesDeps {
  api: v2.MetricsApi;
  clusterTag: string;
  clock: () => number;
}

/*
 * v2 `POST /api/v2/query/timeseries` rather than v1 `GET /api/v1/query`: a 1,000-cluster wave's
 * filter makes a ~31 KB query, past the URL limits of the proxies DD_API_URL points at, while a
 * POST body has room; and the rollup interval is asked for (`interval`) instead of being picked by
 * Datadog from the time range. Classic queries (fleet.yaml's and the providers') are split into
 * named metric queries and one formula (formula-request.ts), which v2 evaluates as v1 did.
 */

/**
 * One request for the whole wave. The window ends one rollup before now (the explicit
 * `.rollup(…, N)` if the query has one, else the step asked for); any bucket that still has not
 * ended by now is dropped as well, by the interval Datadog answered with.
 */
export async function querySeries(deps: QuerySeriesDeps, input: SeriesQuery): Promise<Map<string, Point[]>> {
  if (input.clusters.length === 0) return new Map();
  const query = scopeQuery(input.query, input.clusters, deps.clusterTag);
  const { queries, formula } = formulaQuery(query);
  const intervalMs = (explicitRollupSeconds(query) ?? 0) * 1000 || input.stepMs;
  const nowMs = deps.clock();
  const from = Math.floor(input.from / 1000) * 1000;
  const to = Math.floor(Math.min(input.to, nowMs - intervalMs) / 1000) * 1000;
  if (to <= from) return new Map();

  const action = `Datadog rejected the metric query ${JSON.stringify(query)}`;
  const body: v2.TimeseriesFormulaQueryRequest = {
    data: {
      type: 'timeseries_request',
      attributes: {
        from,
        to,
        interval: intervalMs,
        queries: queries.map(({ name, query }) => ({ dataSource: 'metrics', name, query })),
        formulas: [{ formula }],
      },
    },
  };
  const response = await deps.api.queryTimeseriesData({ body }).catch((error: unknown) => {
    throw datadogError(action, error);
  });
  // A 200 may still carry the formula's evaluation errors.
  if (response.errors) throw new DatadogApiError(action, 200, [response.errors]);
  return readSeries(response.data?.attributes ?? {}, {
    clusterTag: deps.clusterTag,
    clusters: input.clusters,
    from,
    to,
    intervalMs,
    nowMs,
  });
}
