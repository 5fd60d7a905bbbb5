import { FAKE_APP } from './fake-app.ts';
import { GUARD_LOGIN, type Schema, simpleUser, viaApp } from './rest-people.ts';
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
