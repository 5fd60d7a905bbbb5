import { FAKE_APP } from './fake-app.ts';
import { mergeability } from './pull-ops.ts';
import { GUARD_LOGIN, repositoryJson, type Schema, simpleUser, viaApp } from './rest-people.ts';
import type { FakeCheckRun, FakeComment, FakeGitHubState, FakeIssue, FakePull } from './state.ts';

/**
 * GitHub's REST objects for what the fake holds, each typed by GitHub's OpenAPI description
 * (@octokit/openapi-types `components['schemas']`): a fixture missing a required field fails `tsc`.
 */
export { GUARD_LOGIN } from './rest-people.ts';

export const FAKE_APP_ID = FAKE_APP.id;

export function labelJson(s: FakeGitHubState, name: string): Schema<'label'> {
  const label = s.labels.get(name) ?? { name, color: 'ededed', description: null };
  return {
    id: name.length * 31,
    node_id: `LA_${Buffer.from(name).toString('base64url')}`,
    url: `${s.repoApi}/labels/${encodeURIComponent(name)}`,
    default: false,
    ...label,
  };
}

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

export function issueJson(s: FakeGitHubState, i: FakeIssue | FakePull): Schema<'issue'> {
  const isPull = 'head' in i;
  const api = `${s.repoApi}/issues/${i.number}`;
  const html = `${s.urls.web}/${s.owner}/${s.repo}/${isPull ? 'pull' : 'issues'}/${i.number}`;
  return {
    id: i.number * 100_019,
    node_id: `I_${i.number}`,
    url: api,
    repository_url: s.repoApi,
    labels_url: `${api}/labels{/name}`,
    comments_url: `${api}/comments`,
    events_url: `${api}/events`,
    html_url: html,
    number: i.number,
    title: i.title,
    body: i.body,
    state: i.state,
    user: simpleUser(s, i.author),
    performed_via_github_app: viaApp(s, i.author),
    labels: (s.labelsOf.get(i.number) ?? []).map((l) => labelJson(s, l)),
    assignee: null,
    assignees: [],
    milestone: null,
    locked: false,
    comments: s.comments.filter((c) => c.issue === i.number).length,
    closed_at: i.state === 'closed' ? s.iso() : null,
    created_at: s.iso(),
    updated_at: s.iso(),
    author_association: i.author.endsWith('[bot]') ? 'NONE' : 'MEMBER',
    ...(isPull && {
      pull_request: {
        url: `${s.repoApi}/pulls/${i.number}`,
        html_url: html,
        diff_url: `${html}.diff`,
        patch_url: `${html}.patch`,
        merged_at: (i as FakePull).mergedAt,
      },
    }),
  };
}

export function commentJson(s: FakeGitHubState, c: FakeComment): Schema<'issue-comment'> {
  const eyes = c.reactions.filter((r) => r === 'eyes').length;
  return {
    id: c.id,
    node_id: `IC_${c.id}`,
    url: `${s.repoApi}/issues/comments/${c.id}`,
    html_url: `${s.urls.web}/${s.owner}/${s.repo}/issues/${c.issue}#issuecomment-${c.id}`,
    issue_url: `${s.repoApi}/issues/${c.issue}`,
    body: c.body,
    user: simpleUser(s, c.author),
    // docs: issues/comments: set when a GitHub App made the comment, null for a person's.
    performed_via_github_app: viaApp(s, c.author),
    author_association: c.author.endsWith('[bot]') ? 'NONE' : 'MEMBER',
    created_at: c.createdAt,
    updated_at: c.createdAt,
    reactions: {
      url: `${s.repoApi}/issues/comments/${c.id}/reactions`,
      total_count: c.reactions.length,
      '+1': 0,
      '-1': 0,
      laugh: 0,
      confused: 0,
      heart: 0,
      hooray: 0,
      eyes,
      rocket: 0,
    },
  };
}

export function reactionJson(s: FakeGitHubState, id: number, content: 'eyes'): Schema<'reaction'> {
  return { id, node_id: `REA_${id}`, user: simpleUser(s, GUARD_LOGIN), content, created_at: s.iso() };
}

export function checkRunJson(s: FakeGitHubState, r: FakeCheckRun): Schema<'check-run'> {
  return {
    id: r.id,
    head_sha: r.sha,
    node_id: `CR_${r.id}`,
    external_id: null,
    url: `${s.repoApi}/check-runs/${r.id}`,
    html_url: `${s.urls.web}/${s.owner}/${s.repo}/runs/${r.id}`,
    details_url: r.detailsUrl ?? `${s.urls.web}/apps/${FAKE_APP.slug}`,
    status: r.status,
    conclusion: r.conclusion,
    started_at: r.startedAt,
    completed_at: r.status === 'completed' ? (r.completedAt ?? r.startedAt) : null,
    output: {
      title: r.title || null,
      summary: r.summary || null,
      text: null,
      annotations_count: r.annotations.length,
      annotations_url: `${s.repoApi}/check-runs/${r.id}/annotations`,
    },
    name: r.name,
    check_suite: { id: 5000 + r.id },
    app: viaApp(s, GUARD_LOGIN),
    pull_requests: [],
  };
}

/**
 * One page of `items` and GitHub's `link` header: `next` and `last` while pages follow, `first` and
 * `prev` after the first (docs: "Using pagination in the REST API"). `per_page` tops out at 100.
 */
export function page<T>(url: URL, items: readonly T[]) {
  const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? 30)));
  const n = Math.max(1, Number(url.searchParams.get('page') ?? 1));
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((n - 1) * perPage, n * perPage);
  const at = (p: number) => {
    const next = new URL(url);
    next.searchParams.set('page', String(p));
    return `<${next}>`;
  };
  const rels = [
    ...(n > 1 ? [`${at(n - 1)}; rel="prev"`] : []),
    ...(n < last ? [`${at(n + 1)}; rel="next"`, `${at(last)}; rel="last"`] : []),
    ...(n > 1 ? [`${at(1)}; rel="first"`] : []),
  ];
  const headers: Record<string, string> = rels.length ? { link: rels.join(', ') } : {};
  return { slice, headers };
}

const DOCS = 'https://docs.github.com/rest';

export const notFound = (): Schema<'basic-error'> => ({
  message: 'Not Found',
  documentation_url: DOCS,
  status: '404',
});

/** A refusal GitHub words in `message` alone ("Reference already exists", "Pull Request is not mergeable"). */
export const refused = (message: string, status: number, docs = DOCS): Schema<'basic-error'> => ({
  message,
  documentation_url: docs,
  status: String(status),
});

/** 422 "Validation Failed" with GitHub's error objects (docs: "Troubleshooting the REST API", client errors). */
export const validationFailed = (
  errors: NonNullable<Schema<'validation-error'>['errors']>,
  docs = DOCS,
): Schema<'validation-error'> & { status: string } => ({
  message: 'Validation Failed',
  errors,
  documentation_url: docs,
  status: '422',
});
