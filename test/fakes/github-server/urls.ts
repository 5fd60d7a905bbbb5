/**
 * Where a GitHub serves its APIs and pages, as GitHub documents them (not as GUARD builds them, so
 * the fake cannot share a wrong belief with the adapter):
 * - github.com: REST at `https://api.github.com`, GraphQL at `https://api.github.com/graphql`;
 * - GitHub Enterprise Server: REST at `http(s)://HOSTNAME/api/v3`, GraphQL at
 *   `http(s)://HOSTNAME/api/graphql` (docs: "Forming calls with GraphQL", "The GraphQL endpoint";
 *   "Getting started with the REST API" on GHES).
 */
export interface GitHubUrls {
  /** REST base: every REST path hangs below it. */
  readonly rest: string;
  /** The single GraphQL endpoint. */
  readonly graphql: string;
  /** The web UI (html_url of pull requests, issues, users). */
  readonly web: string;
}

export const GITHUB_COM: GitHubUrls = {
  rest: 'https://api.github.com',
  graphql: 'https://api.github.com/graphql',
  web: 'https://github.com',
};

/** The URLs of a GitHub Enterprise Server at `host` (a host name, as `GHE_HOST` holds it). */
export function enterpriseUrls(host: string, protocol: 'https' | 'http' = 'https'): GitHubUrls {
  const web = `${protocol}://${host}`;
  return { rest: `${web}/api/v3`, graphql: `${web}/api/graphql`, web };
}
