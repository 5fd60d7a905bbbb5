import type { MergeRequest } from '../../../src/ports/forge.ts';

/** The fields of GitHub's REST pull request object the port needs. */
export interface PullJson {
  number: number;
  html_url: string;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  merged_at: string | null;
  merge_commit_sha: string | null;
  labels: { name: string }[];
  user: { login: string } | null;
  head: { ref: string; sha: string; repo: { full_name: string } | null };
  base: { ref: string; repo: { full_name: string } };
}

/** The head branch lives in another repository (a fork); a deleted fork leaves `head.repo` null. */
export const isFork = (pr: PullJson): boolean => pr.head.repo?.full_name !== pr.base.repo.full_name;

/** Maps a REST pull request onto the port's MergeRequest. */
export function toMergeRequest(pr: PullJson): MergeRequest {
  const merged = pr.merged_at !== null;
  return {
    number: pr.number,
    url: pr.html_url,
    branch: pr.head.ref,
    title: pr.title,
    state: merged ? 'merged' : pr.state,
    headSha: pr.head.sha,
    ...(merged && pr.merge_commit_sha && { mergeSha: pr.merge_commit_sha }),
    ...(merged && { mergedAt: pr.merged_at ?? undefined }),
    labels: pr.labels.map((l) => l.name),
    ...(pr.user && { author: pr.user.login }),
    fromFork: isFork(pr),
    target: pr.base.ref,
  };
}
