import type { Gitlab } from '@gitbeaker/rest';
import { GitLabApiError } from './create-gitlab-api.ts';
import { type RetryDeps, withRetry } from './retry.ts';

type Query = Record<string, string | number | boolean | undefined>;
type Json = Record<string, unknown>;
/** Pages GUARD follows at most on one listing (100 items each): bounded work on huge projects. */
const MAX_PAGES = 50;

/**
 * The few request shapes the adapter uses, on gitbeaker's requester (host, token, JSON, query
 * encoding), each wrapped in the retry layer. Paths are relative to `/api/v4/`; `project()` is this
 * project's prefix.
 */
export interface GitLabClient {
  project(suffix?: string): string;
  get<T>(path: string, query?: Query): Promise<T>;
  /** undefined for a 404. */
  find<T>(path: string, query?: Query): Promise<T | undefined>;
  /** Every page (100 per page), or until `stop` is true for a page's items. */
  getAll<T>(path: string, query?: Query, stop?: (items: T[]) => boolean): Promise<T[]>;
  post<T>(path: string, body: Json, options?: { retryConflicts?: boolean }): Promise<T>;
  put<T>(path: string, body: Json): Promise<T>;
  /** POST /api/graphql; throws on GraphQL errors. */
  graphql<T>(query: string, variables: Json): Promise<T>;
  /**
   * The id of the token's user (for a project or group access token, its bot user): GUARD's own
   * notes and issues are the ones it authored. Given at creation, or asked once (`GET /user`).
   */
  botUserId(): Promise<number>;
}

export function createClient(
  api: Gitlab,
  projectPath: string,
  deps: RetryDeps,
  knownBotUserId?: number,
): GitLabClient {
  const requester = api.requester;
  let botUser = knownBotUserId === undefined ? undefined : Promise.resolve(knownBotUserId);
  const projectPrefix = `projects/${encodeURIComponent(projectPath)}`;
  const send = async <T>(
    what: string,
    call: () => Promise<{ body: unknown; headers: Record<string, string> }>,
    retryConflicts = false,
  ) =>
    withRetry(what, call, deps, { retryConflicts }) as Promise<{ body: T; headers: Record<string, string> }>;

  const client: GitLabClient = {
    project: (suffix = '') => (suffix ? `${projectPrefix}/${suffix}` : projectPrefix),
    get: async <T>(path: string, query?: Query) =>
      (await send<T>(`GET ${path}`, () => requester.get(path, { searchParams: clean(query) }))).body,
    async find<T>(path: string, query?: Query) {
      try {
        return await client.get<T>(path, query);
      } catch (error) {
        if (error instanceof GitLabApiError && error.status === 404) return undefined;
        throw error;
      }
    },
    async getAll<T>(path: string, query: Query = {}, stop?: (items: T[]) => boolean) {
      const all: T[] = [];
      for (let page = 1; page <= MAX_PAGES; page++) {
        const searchParams = clean({ ...query, per_page: 100, page });
        const { body, headers } = await send<T[]>(`GET ${path}`, () => requester.get(path, { searchParams }));
        all.push(...body);
        if (stop?.(body) || !headers['x-next-page']) return all;
      }
      return all;
    },
    post: async <T>(path: string, body: Json, options: { retryConflicts?: boolean } = {}) =>
      (await send<T>(`POST ${path}`, () => requester.post(path, { body }), options.retryConflicts)).body,
    put: async <T>(path: string, body: Json) =>
      (await send<T>(`PUT ${path}`, () => requester.put(path, { body }))).body,
    async graphql<T>(query: string, variables: Json) {
      // The GraphQL endpoint sits beside /api/v4/; gitbeaker resolves the path against that prefix.
      const { body } = await send<{ data?: T; errors?: { message: string }[] }>('POST graphql', () =>
        requester.post('../graphql', { body: { query, variables } }),
      );
      if (body.errors?.length || !body.data) {
        throw new Error(`GitLab GraphQL refused the query: ${body.errors?.map((e) => e.message).join('; ')}`);
      }
      return body.data;
    },
    botUserId() {
      if (!botUser) {
        const asked = tokenUserId(client);
        botUser = asked;
        // A failed look-up is not remembered: the next call asks again.
        asked.catch(() => {
          if (botUser === asked) botUser = undefined;
        });
      }
      return botUser;
    },
  };
  return client;
}

async function tokenUserId(client: GitLabClient): Promise<number> {
  const user = await client.get<{ id?: unknown }>('user');
  if (typeof user?.id !== 'number')
    throw new Error('GitLab GET /user named no user; give GUARD a token with the api scope (GITLAB_TOKEN)');
  return user.id;
}

function clean(query: Query = {}): Record<string, unknown> {
  return Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined));
}
