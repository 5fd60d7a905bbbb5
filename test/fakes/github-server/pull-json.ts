import { labelJson } from './json.ts';
import { mergeability } from './pull-ops.ts';
import { repositoryJson, type Schema, simpleUser } from './rest-people.ts';
import type { FakeGitHubState, FakePull } from './state.ts';

/** Pull requests as GitHub's REST API shows them, typed by its OpenAPI description. */
const link = (href: string): Schema<'link'> => ({ href });

/** What "List pull requests" returns for each pull (docs: pulls#list-pull-requests). */
export function pullSimpleJson(s: FakeGitHubState, p: FakePull): Schema<'pull-request-simple'> {
  const api = `${s.repoApi}/pulls/${p.number}`;
  const issue = `${s.repoApi}/issues/${p.number}`;
  const html = `${s.urls.web}/${s.owner}/${s.repo}/pull/${p.number}`;
  const headOwner = p.fork?.owner ?? s.owner;
  const headSha = s.pullHead(p);
  return {
    url: api,
    id: p.number * 100_003,
    node_id: `PR_${p.number}`,
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: issue,
    commits_url: `${api}/commits`,
    review_comments_url: `${api}/comments`,
    review_comment_url: `${s.repoApi}/pulls/comments{/number}`,
    comments_url: `${issue}/comments`,
    statuses_url: `${s.repoApi}/statuses/${headSha}`,
    number: p.number,
    state: p.state,
    locked: false,
    title: p.title,
    user: simpleUser(s, p.author),
    body: p.body,
    labels: (s.labelsOf.get(p.number) ?? []).map((l) => {
      const label = labelJson(s, l);
      return { ...label, description: label.description ?? '' };
    }),
    milestone: null,
    created_at: p.createdAt,
    updated_at: p.createdAt,
    closed_at: p.state === 'closed' ? (p.mergedAt ?? s.iso()) : null,
    merged_at: p.mergedAt,
    merge_commit_sha: p.mergeSha ?? s.pullHead(p),
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    head: {
      label: `${headOwner}:${p.head}`,
      ref: p.head,
      sha: headSha,
      user: simpleUser(s, headOwner),
      repo: p.fork ? repositoryJson(s, p.fork.owner, p.fork.repo) : repositoryJson(s, s.owner, s.repo),
    },
    base: {
      label: `${s.owner}:${p.base}`,
      ref: p.base,
      sha: s.git.refs.get(p.base) ?? '',
      user: simpleUser(s, s.owner),
      repo: repositoryJson(s, s.owner, s.repo),
    },
    _links: {
      self: link(api),
      html: link(html),
      issue: link(issue),
      comments: link(`${issue}/comments`),
      review_comments: link(`${api}/comments`),
      review_comment: link(`${s.repoApi}/pulls/comments{/number}`),
      commits: link(`${api}/commits`),
      statuses: link(`${s.repoApi}/statuses/${headSha}`),
    },
    author_association: p.author.endsWith('[bot]') ? 'NONE' : 'MEMBER',
    auto_merge: null,
    draft: false,
  };
}

/** "Get a pull request" and the answers of create and update (docs: pulls#get-a-pull-request). */
export function pullJson(s: FakeGitHubState, p: FakePull): Schema<'pull-request'> {
  const simple = pullSimpleJson(s, p);
  const merge = mergeability(s, p);
  return {
    ...simple,
    state: p.state,
    user: simpleUser(s, p.author),
    labels: (s.labelsOf.get(p.number) ?? []).map((l) => labelJson(s, l)),
    head: { ...simple.head, user: simpleUser(s, p.fork?.owner ?? s.owner) },
    base: { ...simple.base, user: simpleUser(s, s.owner) },
    merged: p.mergedAt !== null,
    mergeable: p.state === 'open' ? merge.mergeable : null,
    rebaseable: p.state === 'open' ? merge.mergeable : null,
    mergeable_state: p.state === 'open' ? (merge.mergeable ? 'clean' : 'dirty') : 'unknown',
    merged_by: p.mergedAt ? simpleUser(s, p.mergedBy ?? s.owner) : null,
    comments: s.comments.filter((c) => c.issue === p.number).length,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: 1,
    additions: merge.additions,
    deletions: merge.deletions,
    changed_files: merge.changedFiles,
  };
}
