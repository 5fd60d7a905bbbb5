import { createHash } from 'node:crypto';
import type { v1 } from '@datadog/datadog-api-client';
import type { Marker } from '../../../src/ports/metrics.ts';
import { datadogError } from './datadog-error.ts';

/** The port's marker (kept under this name for callers that tag service and version). */
export type MarkerInput = Marker;

// Limits from Datadog's "Post an event" reference (POST /api/v1/events):
// https://docs.datadoghq.com/api/latest/events/post-an-event/ — text at most 4000 characters,
// aggregation_key at most 100, date_happened no older than 18 hours.
const MAX_TEXT = 4000;
const MAX_GROUP = 100;
const MAX_AGE_MS = 18 * 3_600_000;

/**
 * A deployment marker: an event tagged with the service, the version, the wave and every cluster
 * of the wave (`kube_cluster_name:a`, by the fleet's `clusterTag`), so dashboards can overlay it
 * on the graphs the soak reads. A failed soak shows as an error, a rollback as a warning. A refusal
 * is a DatadogApiError carrying Datadog's status.
 */
export async function postMarker(
  api: v1.EventsApi,
  clusterTag: string,
  input: Marker,
  now: number = Date.now(),
): Promise<void> {
  const tags = [
    'source:guard',
    ...(input.service ? [`service:${input.service}`] : []),
    ...(input.version ? [`version:${input.version}`] : []),
    ...(input.wave ? [`wave:${input.wave}`] : []),
    ...(input.event ? [`guard_event:${input.event}`] : []),
    ...input.clusters.map((name) => `${clusterTag}:${name}`),
  ];
  const text = input.text.length > MAX_TEXT ? `${input.text.slice(0, MAX_TEXT - 1)}…` : input.text;
  const body: v1.EventCreateRequest = {
    title: input.title,
    text,
    tags,
    alertType: input.severity ?? 'info',
    ...(input.group ? { aggregationKey: groupKey(input.group) } : {}),
    ...(input.at !== undefined && now - input.at < MAX_AGE_MS
      ? { dateHappened: Math.floor(input.at / 1000) }
      : {}),
  };
  await api.createEvent({ body }).catch((error: unknown) => {
    throw datadogError(`Datadog refused the deployment event ${JSON.stringify(input.title)}`, error);
  });
}

/** A group name within Datadog's limit, still unique when cut. */
function groupKey(group: string): string {
  if (group.length <= MAX_GROUP) return group;
  const digest = createHash('sha256').update(group).digest('hex').slice(0, 16);
  return `${group.slice(0, MAX_GROUP - 17)}-${digest}`;
}
