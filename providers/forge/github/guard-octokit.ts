import { ProbotOctokit } from 'probot';

type RequestOptions = { url: string; baseUrl?: string; method?: string };
type Hooked = {
  hook: {
    wrap(name: 'request', fn: (request: (o: RequestOptions) => unknown, o: RequestOptions) => unknown): void;
  };
};
type LimitOptions = { method?: string; url?: string };
type Logged = { log: { info(message: string): void } };

/**
 * A GitHub Enterprise Server answers GraphQL at /api/graphql, and @octokit/graphql sends it there as
 * an absolute URL. @octokit/plugin-throttling recognises GraphQL by
 * `new URL(options.url, "http://github.test").pathname.startsWith("/graphql")` (its wrap-request.js
 * and index.js), so on GHES a RATE_LIMITED answer (HTTP 200) slipped past it. `/../graphql` on the
 * REST base `…/api/v3` is the same address once the URL parser removes the dot segment (RFC 3986
 * §5.2.4; @octokit/endpoint appends a relative url to baseUrl), and its pathname alone reads
 * `/graphql`, so GHES gets github.com's treatment. baseUrl stays: @octokit/auth-app mints tokens at
 * the request's baseUrl. The options are changed in place: before-after-hook binds every inner hook
 * to the caller's object.
 */
export function enterpriseGraphqlPath(octokit: Hooked): Record<string, never> {
  octokit.hook.wrap('request', (request, options) => {
    const base = options.baseUrl?.replace(/\/+$/, '') ?? '';
    if (/\/api\/v3$/.test(base) && options.url === `${base.slice(0, -'/v3'.length)}/graphql`)
      options.url = '/../graphql';
    return request(options);
  });
  return {};
}

/**
 * Never wait out a limit inside the plugin: GUARD's retry policy decides. The plugin's call still
 * says it recognised one, which the log keeps.
 */
function handOver(kind: string) {
  return (retryAfter: number, options: LimitOptions, octokit: Logged) => {
    octokit.log.info(
      `GitHub ${kind} on ${options.method} ${options.url} (retry after ${retryAfter} s): handed to GUARD's retry policy`,
    );
    return false;
  };
}

/**
 * Probot's Octokit (throttling, retry, pagination …) as GUARD runs it. The throttling plugin keeps
 * pacing: content-creating requests and GraphQL one at a time, a second apart, per installation, in
 * Bottleneck groups the plugin creates once per process and shares between every Octokit it builds
 * (Probot gives each installation's Octokit `throttle.id` = the installation id: probot's
 * get-authenticated-octokit.js, @octokit/plugin-throttling's module-level `groups`), so the pacing
 * holds across reconciles. What it does not do is wait out a limit: Probot's own handlers retry a
 * spent quota after its reset, minutes inside a reconcile that holds a lease. With these handlers the
 * limit reaches GUARD's retry policy, which waits in place only when the wait is short.
 * The GHES plugin is registered last, so its hook is the outermost and the throttling plugin sees
 * the split URL.
 */
export const GuardOctokit = ProbotOctokit.plugin(enterpriseGraphqlPath as never).defaults(
  (options: Record<string, unknown>) => ({
    ...options,
    throttle: {
      ...(options.throttle as object),
      onRateLimit: handOver('rate limit'),
      onSecondaryRateLimit: handOver('secondary rate limit'),
    },
  }),
);
