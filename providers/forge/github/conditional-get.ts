import type { GitHubClient } from './client.ts';
import type { EtagCache } from './etag-cache.ts';

/**
 * A REST GET that sends the ETag of its last answer (If-None-Match) and reuses that answer's body on
 * 304 Not Modified. GitHub's REST docs ("Best practices for using the REST API", conditional
 * requests): a 304 to an authorised conditional request does not count against the primary rate
 * limit, so the reads every tick repeats (the default branch's head, an MR being waited on) cost
 * nothing while nothing changed. GraphQL has no conditional requests; these reads are REST for that.
 */
export async function conditionalGet<T>(
  client: GitHubClient,
  etags: EtagCache,
  route: `GET ${string}`,
  params: Record<string, unknown>,
): Promise<T> {
  const key = `${client.owner}/${client.repo} ${route} ${JSON.stringify(params)}`;
  const kept = etags.get(key);
  try {
    const { data, headers } = await client.rest<T>(
      route,
      kept ? { ...params, headers: { 'if-none-match': kept.etag } } : params,
    );
    const etag = headers.etag;
    if (etag) etags.set(key, { etag, data });
    else etags.delete(key);
    return data;
  } catch (error) {
    // Octokit rejects a 304 (RequestError "Not modified"); the retry layer passes it on untouched.
    if (kept && (error as { status?: number }).status === 304) return kept.data as T;
    throw error;
  }
}
