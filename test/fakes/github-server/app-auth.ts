import { generateKeyPairSync, randomBytes, verify } from 'node:crypto';
import type { components } from '@octokit/openapi-types';
import { HttpResponse, http } from 'msw';
import type { FakeGitHubState } from './state.ts';

type Schemas = components['schemas'];

/**
 * GUARD's GitHub App as the fake knows it: its id, the key pair GitHub would have generated (PKCS#1
 * PEM, as GitHub hands out) and the one installation on the fake repository.
 */
export const FAKE_APP = (() => {
  const keys = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return { id: 4242, slug: 'guard', installationId: 1, ...keys };
})();

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

/** Installation access tokens, the one way an App acts on a repository. */
export function appHandlers(s: FakeGitHubState) {
  return [
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
        permissions: {
          checks: 'write',
          contents: 'write',
          issues: 'write',
          pull_requests: 'write',
          statuses: 'write',
          metadata: 'read',
          members: 'read',
        },
        repository_selection: 'selected',
      };
      return HttpResponse.json(body, { status: 201 });
    }),
  ];
}
