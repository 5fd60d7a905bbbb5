import { client, type v1 } from '@datadog/datadog-api-client';
import type { Point, SeriesQuery } from '../../../src/ports/metrics.ts';
import { readSeries } from './read-series.ts';
import { explicitRollupSeconds, scopeQuery } from './scope-query.ts';

export interface QuerySeriesDeps {
  api: v1.MetricsApi;
  clusterTag: string;
  clock: () => number;
}

/*
 * v1 `GET /api/v1/query` rather than v2 timeseries: it takes fleet.yaml's classic query strings
 * (`sum:x{$clusters}.as_rate()`, arithmetic between them) verbatim, where v2 wants each wrapped in
 * a formula request; and each v1 series reports its `interval`, the rollup Datadog used, which is
 * what tells a complete bucket from the still-filling newest one.
 */

/**
 * One request for the whole wave. The window ends one rollup before now (the explicit
 * `.rollup(…, N)` if the query has one, else the step asked for); any bucket that still has not
 * ended by now, by the interval Datadog reports, is dropped as well.
 */
export async function querySeries(deps: QuerySeriesDeps, input: SeriesQuery): Promise<Map<string, Point[]>> {
  if (input.clusters.length === 0) return new Map();
  const query = scopeQuery(input.query, input.clusters, deps.clusterTag);
  const rollupMs = (explicitRollupSeconds(query) ?? 0) * 1000 || input.stepMs;
  const nowMs = deps.clock();
  const fromS = Math.floor(input.from / 1000);
  const toS = Math.floor(Math.min(input.to, nowMs - rollupMs) / 1000);
  if (toS <= fromS) return new Map();

  const response = await deps.api.queryMetrics({ from: fromS, to: toS, query }).catch((error: unknown) => {
    throw new Error(`Datadog rejected the metric query ${JSON.stringify(query)}: ${describe(error)}`);
  });
  if (response.status === 'error' || response.error) {
    throw new Error(
      `Datadog rejected the metric query ${JSON.stringify(query)}: ${response.error ?? 'status error'}`,
    );
  }
  return readSeries(response, { clusterTag: deps.clusterTag, clusters: input.clusters, fromS, toS, nowMs });
}

/** Datadog's own error text (`{"errors": […]}`) with the status; check the query or the keys. */
export function describe(error: unknown): string {
  if (error instanceof client.ApiException) {
    const errors = errorsOf(error.body) ?? String(error.body);
    const hint = error.code === 429 ? ' (rate limit still exceeded after retries; try again later)' : '';
    return `HTTP ${error.code}: ${errors.slice(0, 500)}${hint}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * The SDK hands over a parsed body for the codes an endpoint documents, and otherwise a string that
 * wraps the raw body; either way Datadog's `errors` list is what the reader needs.
 */
function errorsOf(body: unknown): string | undefined {
  let value = body;
  if (typeof body === 'string' && body.includes('{')) {
    try {
      value = JSON.parse(body.slice(body.indexOf('{'), body.lastIndexOf('}') + 1));
    } catch {
      return undefined;
    }
  }
  const errors = (value as { errors?: unknown } | undefined)?.errors;
  return Array.isArray(errors) ? errors.join('; ') : undefined;
}
