import { createHash } from 'node:crypto';
import type { components } from '@octokit/openapi-types';
import { FAKE_APP } from './fake-app.ts';
import type { FakeGitHubState } from './state.ts';

/**
 * GitHub's REST objects for accounts, Apps and repositories, typed by GitHub's OpenAPI description
 * (@octokit/openapi-types): a builder that leaves out a required field does not compile.
 */
export type Schema<K extends keyof components['schemas']> = components['schemas'][K];

/** The bot account GitHub shows as the author of what GUARD's App writes (docs: "About bots"). */
export const GUARD_LOGIN = `${FAKE_APP.slug}[bot]`;

/** A stable numeric id for a name (GitHub's ids are opaque numbers). */
export const idOf = (name: string) =>
  Number.parseInt(createHash('sha1').update(name).digest('hex').slice(0, 8), 16);
const nodeId = (prefix: string, name: string) => `${prefix}_${Buffer.from(name).toString('base64url')}`;

/** `<slug>[bot]` is an App's bot; the repository owner here is an organization; anyone else a user. */
function accountType(s: FakeGitHubState, login: string): 'Bot' | 'Organization' | 'User' {
  if (login.endsWith('[bot]')) return 'Bot';
  return login === s.owner ? 'Organization' : 'User';
}

export function simpleUser(s: FakeGitHubState, login: string): Schema<'simple-user'> {
  const { rest, web } = s.urls;
  const api = `${rest}/users/${encodeURIComponent(login)}`;
  const bot = login.endsWith('[bot]');
  const id = idOf(login);
  return {
    login,
    id,
    node_id: nodeId(bot ? 'BOT' : 'U', login),
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: '',
    url: api,
    html_url: bot ? `${web}/apps/${login.slice(0, -'[bot]'.length)}` : `${web}/${login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: accountType(s, login),
    site_admin: false,
    user_view_type: 'public',
  };
}

/**
 * The App an item was made through (`performed_via_github_app`): GUARD's App for GUARD's bot,
 * another App for any other `<slug>[bot]`, null for a person (as for comments typed on the web).
 */
export function viaApp(s: FakeGitHubState, login: string): Schema<'nullable-integration'> {
  if (!login.endsWith('[bot]')) return null;
  const slug = login.slice(0, -'[bot]'.length);
  const ours = login === GUARD_LOGIN;
  return {
    id: ours ? FAKE_APP.id : FAKE_APP.id + 1 + slug.length,
    slug,
    node_id: nodeId('A', slug),
    client_id: `Iv1.${createHash('sha1').update(slug).digest('hex').slice(0, 16)}`,
    owner: simpleUser(s, s.owner),
    name: ours ? 'GUARD' : slug,
    description: null,
    external_url: `${s.urls.web}/apps/${slug}`,
    html_url: `${s.urls.web}/apps/${slug}`,
    created_at: '2025-01-06T10:00:00Z',
    updated_at: '2025-01-06T10:00:00Z',
    permissions: { checks: 'write', contents: 'write', issues: 'write', metadata: 'read' },
    events: ['push', 'pull_request', 'issue_comment', 'check_run'],
  };
}

/** The repository `owner/name` as REST embeds it (a pull request's head and base). */
export function repositoryJson(s: FakeGitHubState, owner: string, name: string): Schema<'repository'> {
  const full = `${owner}/${name}`;
  const api = `${s.urls.rest}/repos/${full}`;
  const host = new URL(s.urls.web).host;
  return {
    id: idOf(full),
    node_id: nodeId('R', full),
    name,
    full_name: full,
    license: null,
    forks: 0,
    owner: simpleUser(s, owner),
    private: true,
    html_url: `${s.urls.web}/${full}`,
    description: null,
    fork: owner !== s.owner || name !== s.repo,
    url: api,
    archive_url: `${api}/{archive_format}{/ref}`,
    assignees_url: `${api}/assignees{/user}`,
    blobs_url: `${api}/git/blobs{/sha}`,
    branches_url: `${api}/branches{/branch}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    comments_url: `${api}/comments{/number}`,
    commits_url: `${api}/commits{/sha}`,
    compare_url: `${api}/compare/{base}...{head}`,
    contents_url: `${api}/contents/{+path}`,
    contributors_url: `${api}/contributors`,
    deployments_url: `${api}/deployments`,
    downloads_url: `${api}/downloads`,
    events_url: `${api}/events`,
    forks_url: `${api}/forks`,
    git_commits_url: `${api}/git/commits{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    git_url: `git://${host}/${full}.git`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    issue_events_url: `${api}/issues/events{/number}`,
    issues_url: `${api}/issues{/number}`,
    keys_url: `${api}/keys{/key_id}`,
    labels_url: `${api}/labels{/name}`,
    languages_url: `${api}/languages`,
    merges_url: `${api}/merges`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    pulls_url: `${api}/pulls{/number}`,
    releases_url: `${api}/releases{/id}`,
    ssh_url: `git@${host}:${full}.git`,
    stargazers_url: `${api}/stargazers`,
    statuses_url: `${api}/statuses/{sha}`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    tags_url: `${api}/tags`,
    teams_url: `${api}/teams`,
    trees_url: `${api}/git/trees{/sha}`,
    clone_url: `${s.urls.web}/${full}.git`,
    mirror_url: null,
    hooks_url: `${api}/hooks`,
    svn_url: `${s.urls.web}/${full}`,
    homepage: null,
    language: null,
    forks_count: 0,
    stargazers_count: 0,
    watchers_count: 0,
    size: 1,
    default_branch: s.defaultBranch,
    open_issues_count: 0,
    open_issues: 0,
    watchers: 0,
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_downloads: true,
    archived: false,
    disabled: false,
    visibility: 'private',
    // A repository changes when something is pushed, not as the clock runs (ETags depend on it).
    pushed_at: lastPushed(s),
    created_at: CREATED_AT,
    updated_at: lastPushed(s),
  };
}

const CREATED_AT = '2025-01-06T10:00:00Z';

/** When a branch last moved, as far as the fake knows: the newest commit a branch points at. */
function lastPushed(s: FakeGitHubState): string {
  let newest = CREATED_AT;
  for (const sha of s.git.refs.values()) {
    const date = s.git.commits.get(sha)?.date;
    if (date && date > newest) newest = date;
  }
  return newest;
}
