import type { FakeCheckRun, FakeComment, FakeGitHubState, FakeIssue, FakePull } from './state.ts';

/** GitHub's REST shapes, trimmed to realistic fields (docs: pulls, issues, check runs). */
export const API = 'https://api.github.com';

/** The App GUARD's adapter acts as, and the bot account GitHub shows as the author of its writes. */
export const FAKE_APP_ID = 4242;
export const GUARD_LOGIN = 'guard[bot]';

const user = (login: string) => ({
  login,
  id: login.length * 7919,
  type: login.endsWith('[bot]') ? 'Bot' : 'User',
});

/**
 * Who an item was made through: GUARD's App for GUARD's bot, another App for any other `…[bot]`,
 * nothing for a person (as for comments typed on github.com).
 */
function viaApp(login: string) {
  if (login === GUARD_LOGIN) return { performed_via_github_app: { id: FAKE_APP_ID, slug: 'guard' } };
  if (!login.endsWith('[bot]')) return { performed_via_github_app: null };
  const slug = login.slice(0, -'[bot]'.length);
  return { performed_via_github_app: { id: FAKE_APP_ID + 1 + slug.length, slug } };
}

export function labelJson(s: FakeGitHubState, name: string) {
  const label = s.labels.get(name) ?? { name, color: 'ededed', description: null };
  return {
    id: name.length * 31,
    node_id: `LA_${name}`,
    url: `${API}/repos/${s.owner}/${s.repo}/labels/${name}`,
    default: false,
    ...label,
  };
}

export function pullJson(s: FakeGitHubState, p: FakePull) {
  const full = `${s.owner}/${s.repo}`;
  const repo = { full_name: full, name: s.repo, owner: user(s.owner) };
  const headOwner = p.fork?.owner ?? s.owner;
  const headRepo = p.fork
    ? { full_name: `${p.fork.owner}/${p.fork.repo}`, name: p.fork.repo, owner: user(p.fork.owner) }
    : repo;
  return {
    url: `${API}/repos/${full}/pulls/${p.number}`,
    id: p.number * 100_003,
    number: p.number,
    html_url: `https://github.com/${full}/pull/${p.number}`,
    state: p.state,
    title: p.title,
    body: p.body,
    user: user(p.author),
    ...viaApp(p.author),
    labels: (s.labelsOf.get(p.number) ?? []).map((l) => labelJson(s, l)),
    created_at: p.createdAt,
    updated_at: p.createdAt,
    closed_at: p.state === 'closed' ? s.iso() : null,
    merged_at: p.mergedAt,
    merge_commit_sha: p.mergeSha ?? s.pullHead(p),
    draft: false,
    head: { label: `${headOwner}:${p.head}`, ref: p.head, sha: s.pullHead(p), repo: headRepo },
    base: { label: `${s.owner}:${p.base}`, ref: p.base, sha: s.git.refs.get(p.base) ?? '', repo },
  };
}

export function issueJson(s: FakeGitHubState, i: FakeIssue | FakePull) {
  const full = `${s.owner}/${s.repo}`;
  const isPull = 'head' in i;
  return {
    id: i.number * 100_019,
    number: i.number,
    html_url: `https://github.com/${full}/${isPull ? 'pull' : 'issues'}/${i.number}`,
    title: i.title,
    body: i.body,
    state: i.state,
    user: user(i.author),
    ...viaApp(i.author),
    labels: (s.labelsOf.get(i.number) ?? []).map((l) => labelJson(s, l)),
    ...(isPull && { pull_request: { url: `${API}/repos/${full}/pulls/${i.number}` } }),
  };
}

export function commentJson(s: FakeGitHubState, c: FakeComment) {
  return {
    id: c.id,
    node_id: `IC_${c.id}`,
    html_url: `https://github.com/${s.owner}/${s.repo}/issues/${c.issue}#issuecomment-${c.id}`,
    body: c.body,
    user: user(c.author),
    ...viaApp(c.author),
    created_at: c.createdAt,
    updated_at: c.createdAt,
    reactions: { total_count: c.reactions.length, eyes: c.reactions.filter((r) => r === 'eyes').length },
  };
}

export function checkRunJson(s: FakeGitHubState, r: FakeCheckRun) {
  return {
    id: r.id,
    head_sha: r.sha,
    name: r.name,
    status: r.status,
    conclusion: r.conclusion,
    details_url: r.detailsUrl ?? null,
    output: { title: r.title, summary: r.summary, annotations_count: r.annotations.length },
    app: { id: r.appId, slug: 'guard' },
    html_url: `https://github.com/${s.owner}/${s.repo}/runs/${r.id}`,
  };
}

/** One page of `items` with GitHub's `link` header when more follow. */
export function page<T>(url: URL, items: readonly T[]) {
  const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30));
  const n = Number(url.searchParams.get('page') ?? 1);
  const slice = items.slice((n - 1) * perPage, n * perPage);
  const headers: Record<string, string> = {};
  if (n * perPage < items.length) {
    const next = new URL(url);
    next.searchParams.set('page', String(n + 1));
    headers.link = `<${next}>; rel="next"`;
  }
  return { slice, headers };
}

export const notFound = () => ({ message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
export const invalid = (message: string) => ({
  message,
  documentation_url: 'https://docs.github.com/rest',
  status: '422',
});
