import type { v1 } from '@datadog/datadog-api-client';
import type { Metrics } from '../../../src/ports/metrics.ts';
import { datadogError } from './datadog-error.ts';

/** The port's marker input, plus the service and version a caller may add for the event's tags. */
export type MarkerInput = Parameters<Metrics['mark']>[0] & { service?: string; version?: string };

/** Datadog's limit on an event's text. */
const MAX_TEXT = 4000;

/**
 * A deployment marker: an info event tagged with the service, the version and every cluster of the
 * wave (`kube_cluster_name:a`), so dashboards can overlay it on the graphs the soak reads.
 */
export async function postMarker(api: v1.EventsApi, clusterTag: string, input: MarkerInput): Promise<void> {
  const tags = [
    'source:guard',
    ...(input.service ? [`service:${input.service}`] : []),
    ...(input.version ? [`version:${input.version}`] : []),
    ...input.clusters.map((name) => `${clusterTag}:${name}`),
  ];
  const text = input.text.length > MAX_TEXT ? `${input.text.slice(0, MAX_TEXT - 1)}…` : input.text;
  await api
    .createEvent({ body: { title: input.title, text, tags, alertType: 'info' } })
    .catch((error: unknown) => {
      throw datadogError(`Datadog refused the deployment event ${JSON.stringify(input.title)}`, error);
    });
}
