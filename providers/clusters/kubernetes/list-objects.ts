import type { KubeConfig } from '@kubernetes/client-node';
import type { KubeObject, ObjectQuery } from '../../../src/ports/clusters.ts';
import { statusOf } from './failure-reason.ts';
import { getJson } from './raw-get.ts';

const PAGE = 500;

interface ApiResource {
  name: string;
  kind: string;
  namespaced: boolean;
}

/** Discovery: the resource (plural) serving `kind` in `apiVersion`, skipping subresources. */
async function resourceFor(kc: KubeConfig, base: string, query: ObjectQuery): Promise<ApiResource> {
  // A group/version the server does not serve at all (its CRDs not installed) answers 404.
  const list = await getJson<{ resources?: ApiResource[] }>(kc, base).catch((err: unknown) => {
    if (statusOf(err) === 404) return { resources: [] };
    throw err;
  });
  const found = list.resources?.find((r) => r.kind === query.kind && !r.name.includes('/'));
  if (!found) {
    throw new Error(
      `the API server serves no ${query.kind} in ${query.apiVersion}; check apiVersion and kind`,
    );
  }
  return found;
}

/**
 * Any kind by apiVersion and kind: discovery names the resource and whether it is namespaced; the
 * list is read raw, page by page, so callers get the API's JSON rather than the client's typed
 * classes (which turn timestamps into Dates and drop fields they do not know).
 */
export async function listObjects(kc: KubeConfig, query: ObjectQuery): Promise<KubeObject[]> {
  const base = query.apiVersion.includes('/') ? `/apis/${query.apiVersion}` : `/api/${query.apiVersion}`;
  const resource = await resourceFor(kc, base, query);
  const scope =
    resource.namespaced && query.namespace ? `/namespaces/${encodeURIComponent(query.namespace)}` : '';
  const items: KubeObject[] = [];
  let next: string | undefined;
  do {
    const params = new URLSearchParams({ limit: String(PAGE) });
    if (query.labelSelector) params.set('labelSelector', query.labelSelector);
    if (next) params.set('continue', next);
    const page = await getJson<{ items?: KubeObject[]; metadata?: { continue?: string } }>(
      kc,
      `${base}${scope}/${resource.name}?${params}`,
    );
    // List items omit apiVersion and kind; fill them so each object stands alone.
    for (const item of page.items ?? [])
      items.push({ apiVersion: query.apiVersion, kind: query.kind, ...item });
    next = page.metadata?.continue || undefined;
  } while (next);
  return items;
}
