import { randomBytes, verify } from 'node:crypto';
import type { components } from '@octokit/openapi-types';
import { HttpResponse, http } from 'msw';
import { FAKE_APP } from './fake-app.ts';
import { simpleUser } from './rest-people.ts';
import type { FakeGitHubState } from './state.ts';

type Schemas = components['schemas'];

const DOCS = 'https://docs.github.com/rest';
const unauthorized = (message: string): Schemas['basic-error'] => ({
  message,
  documentation_url: DOCS,
  status: '401',
});

/**
 * Whether `authorization` carries a JWT signed with the App's key, issued by the App, and valid now
 * (docs: "Generating a JSON Web Token (JWT) for a GitHub App": RS256, `iss` the App's id, `exp` at
 * most 10 minutes ahead). Real time, not the fake's clock: Octokit signs with the real clock.
 */
function appJwtValid(authorization: string | null): boolean {
  const token = /^bearer (.+)$/i.exec(authorization ?? '')?.[1];
  const [header, payload, signature] = token?.split('.') ?? [];
  if (!header || !payload || !signature) return false;
  const signed = verify(
    'RSA-SHA256',
    Buffer.from(`${header}.${payload}`),
    FAKE_APP.publicKey,
    Buffer.from(signature, 'base64url'),
  );
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
    iss?: unknown;
    exp?: number;
  };
  const nowSeconds = Date.now() / 1000;
  return (
    signed &&
    String(claims.iss) === String(FAKE_APP.id) &&
    typeof claims.exp === 'number' &&
    claims.exp > nowSeconds &&
    claims.exp <= nowSeconds + 11 * 60
  );
}

/** 401 unless the request carries an installation token this fake issued (REST and GraphQL alike). */
export function requireInstallationToken(s: FakeGitHubState, request: Request): Response | undefined {
  const token = /^(?:token|bearer) (.+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
  if (token && s.tokens.has(token)) return undefined;
  return HttpResponse.json(unauthorized(token ? 'Bad credentials' : 'Requires authentication'), {
    status: 401,
  });
}

const PERMISSIONS: Schemas['app-permissions'] = {
  checks: 'write',
  contents: 'write',
  issues: 'write',
  pull_requests: 'write',
  statuses: 'write',
  metadata: 'read',
  members: 'read',
};

/** The App's one installation, on the organization owning the fake repository. */
function installationJson(s: FakeGitHubState): Schemas['installation'] {
  const account = simpleUser(s, s.owner);
  return {
    id: FAKE_APP.installationId,
    account,
    repository_selection: 'selected',
    access_tokens_url: `${s.urls.rest}/app/installations/${FAKE_APP.installationId}/access_tokens`,
    repositories_url: `${s.urls.rest}/installation/repositories`,
    html_url: `${s.urls.web}/organizations/${s.owner}/settings/installations/${FAKE_APP.installationId}`,
    app_id: FAKE_APP.id,
    target_id: Number(account.id),
    target_type: 'Organization',
    permissions: PERMISSIONS,
    events: ['push', 'pull_request', 'issue_comment', 'check_run'],
    created_at: '2025-01-06T10:00:00Z',
    updated_at: '2025-01-06T10:00:00Z',
    single_file_name: null,
    app_slug: FAKE_APP.slug,
    suspended_by: null,
    suspended_at: null,
  };
}

/** The App's own endpoints (JWT): its installation on the repository and installation tokens. */
export function appHandlers(s: FakeGitHubState) {
  return [
    // docs: apps#get-a-repository-installation-for-the-authenticated-app.
    http.get(`${s.urls.rest}/repos/:owner/:repo/installation`, ({ request, params }) => {
      if (!appJwtValid(request.headers.get('authorization')))
        return HttpResponse.json(unauthorized('A JSON web token could not be decoded'), { status: 401 });
      if (`${params.owner}/${params.repo}`.toLowerCase() !== `${s.owner}/${s.repo}`.toLowerCase())
        return HttpResponse.json(
          { message: 'Not Found', documentation_url: DOCS, status: '404' },
          { status: 404 },
        );
      return HttpResponse.json(installationJson(s));
    }),
    // docs: "Create an installation access token for an app" (201, installation-token).
    http.post(`${s.urls.rest}/app/installations/:id/access_tokens`, ({ request, params }) => {
      if (!appJwtValid(request.headers.get('authorization'))) {
        return HttpResponse.json(unauthorized('A JSON web token could not be decoded'), { status: 401 });
      }
      if (Number(params.id) !== FAKE_APP.installationId) {
        return HttpResponse.json(
          { message: 'Not Found', documentation_url: DOCS, status: '404' },
          { status: 404 },
        );
      }
      const token = `ghs_${randomBytes(18).toString('hex')}`;
      s.tokens.add(token);
      const body: Schemas['installation-token'] = {
        token,
        expires_at: new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        permissions: PERMISSIONS,
        repository_selection: 'selected',
      };
      return HttpResponse.json(body, { status: 201 });
    }),
  ];
}
