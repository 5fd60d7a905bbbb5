import { BaseResource } from '@gitbeaker/requester-utils';
import {
  Branches,
  CommitDiscussions,
  Commits,
  type Gitlab,
  GroupMembers,
  IssueNoteAwardEmojis,
  IssueNotes,
  Issues,
  MergeRequestNoteAwardEmojis,
  MergeRequestNotes,
  MergeRequests,
  Pipelines,
  ProjectMembers,
  Projects,
  Repositories,
  Users,
} from '@gitbeaker/rest';
import type { GitLabRetry } from './classify-failure.ts';
import { connectionOf } from './create-gitlab-api.ts';
import { gitLabRequesterFn } from './requester.ts';

/** Pages GUARD follows at most on one listing (100 items each): bounded work on huge projects. */
export const MAX_PAGES = 50;
const PER_PAGE = 100;

/**
 * The gitbeaker resources the adapter uses, built on the API client's connection with its retry
 * deps (the adapter's own, when given, in front) (each resource asks `requesterFn` for its requester), plus GitLab's GraphQL
 * endpoint, which gitbeaker does not cover, on the same requester.
 */
export function createResources(api: Gitlab, retry: GitLabRetry) {
  const connection = connectionOf(api);
  const { host, token, fetch } = connection;
  const options = {
    host,
    token,
    requesterFn: gitLabRequesterFn(fetch, { ...connection.retry, ...retry }),
    rateLimits: {},
    queryTimeout: null,
  };
  const root = new BaseResource(options);
  return {
    Branches: new Branches(options),
    CommitDiscussions: new CommitDiscussions(options),
    Commits: new Commits(options),
    GroupMembers: new GroupMembers(options),
    IssueNoteAwardEmojis: new IssueNoteAwardEmojis(options),
    IssueNotes: new IssueNotes(options),
    Issues: new Issues(options),
    MergeRequestNoteAwardEmojis: new MergeRequestNoteAwardEmojis(options),
    MergeRequestNotes: new MergeRequestNotes(options),
    MergeRequests: new MergeRequests(options),
    Pipelines: new Pipelines(options),
    ProjectMembers: new ProjectMembers(options),
    Projects: new Projects(options),
    Repositories: new Repositories(options),
    Users: new Users(options),
    /**
     * POST `<host>/api/graphql` (beside `/api/v4/`, under any path prefix); throws on GraphQL
     * errors. gitbeaker snake-cases body keys, so GraphQL variables must be named in lower case.
     */
    async graphql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
      const { body } = await root.requester.post<{ data?: T; errors?: { message: string }[] }>('../graphql', {
        body: { query, variables },
      });
      if (body.errors?.length || !body.data) {
        throw new Error(`GitLab GraphQL refused the query: ${body.errors?.map((e) => e.message).join('; ')}`);
      }
      return body.data;
    },
  };
}

export type GitLabResources = ReturnType<typeof createResources>;

/** The page-request options gitbeaker needs to answer one page with its pagination info. */
export const page = (n: number) => ({ page: n, perPage: PER_PAGE, showExpanded: true as const });

/**
 * Every page of a listing (gitbeaker's `showExpanded` answer for one `page` at a time), or until
 * `stop` is true for a page's items; at most MAX_PAGES. `x-next-page` (gitbeaker's
 * `paginationInfo.next`) says whether there is another.
 */
export async function collect<T>(
  fetchPage: (n: number) => Promise<unknown>,
  stop?: (items: T[]) => boolean,
): Promise<T[]> {
  const all: T[] = [];
  for (let n = 1; n <= MAX_PAGES; n++) {
    const { data, paginationInfo } = (await fetchPage(n)) as {
      data: T[];
      paginationInfo: { next: number | null };
    };
    all.push(...data);
    if (stop?.(data) || !paginationInfo.next) return all;
  }
  return all;
}
