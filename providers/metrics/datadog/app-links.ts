import type { ExplorerLink } from '../../../src/ports/metrics.ts';
import type { DatadogEnv } from './client-configuration.ts';

/**
 * The Datadog web app of the configured site: `app.datadoghq.com` for `datadoghq.com`,
 * `app.datadoghq.eu`, `app.ddog-gov.com`; a regional site is its own host (`us3.datadoghq.com`).
 * docs.datadoghq.com/getting_started/site lists each site's URL beside its parameter. Behind
 * `DD_API_URL` without `DD_SITE` (a proxy) the app is unknown and there are no links.
 */
export function datadogAppUrl(env: DatadogEnv): string | undefined {
  if (env.DD_API_URL && !env.DD_SITE) return undefined;
  const site = (env.DD_SITE ?? 'datadoghq.com')
    .trim()
    .toLowerCase()
    .replace(/^app\./, '');
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(site)) return undefined;
  return `https://${site.split('.').length > 2 ? site : `app.${site}`}`;
}

const TERM = /^([a-z][a-z0-9_]*):([a-z][\w.]*)\{([^{}]*)\}(?:\s*by\s*\{([^{}]*)\})?/i;

/**
 * The metric explorer at the query's first metric term for the clusters over [from, to]: the
 * explorer takes a metric with its scope, space aggregation and grouping (`exp_metric`,
 * `exp_scope`, `exp_agg`, `exp_group`) and a fixed window (`from_ts`/`to_ts` in ms, `live=false`),
 * the form its own shared links use (DataDog/documentation links the explorer as
 * `/metric/explorer?exp_metric=aws.lambda.invocations&exp_group=functionname&exp_agg=sum`), not a
 * whole formula: arithmetic shows its first operand.
 */
export function explorerUrl(
  appUrl: string | undefined,
  clusterTag: string,
  link: ExplorerLink,
): string | undefined {
  if (!appUrl) return undefined;
  const match = TERM.exec(link.query.replace(/^[\s(]*(?:[a-z_]+\()*/i, ''));
  if (!match) return undefined;
  const [, agg, metric, scope, by] = match as unknown as [string, string, string, string, string?];
  const tags = scope
    .split(/,|\s+AND\s+/)
    .map((t) => t.trim().replace(/^\((.*)\)$/, '$1'))
    .filter((t) => t && t !== '$clusters' && t !== '*');
  const cluster = link.clusters.map((c) => `${clusterTag}:${c}`).join(' OR ');
  const params = new URLSearchParams({
    from_ts: String(link.from),
    to_ts: String(link.to),
    live: 'false',
    exp_metric: metric,
    exp_scope: [cluster, ...tags].join(','),
    exp_agg: agg,
    exp_row_type: 'metric',
    ...(by ? { exp_group: by.replace(/\s+/g, '') } : {}),
  });
  return `${appUrl}/metric/explorer?${params}`;
}

/** A monitor's page in the app. */
export function monitorUrl(appUrl: string | undefined, id: number | undefined): string | undefined {
  return appUrl && id !== undefined ? `${appUrl}/monitors/${id}` : undefined;
}
