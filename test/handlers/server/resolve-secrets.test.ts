import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { resolveSecrets } from '../../../handlers/server/resolve-secrets.ts';

const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:guard/gitlab-AbCdEf';
const ENDPOINT = 'https://secretsmanager.eu-west-1.amazonaws.com/';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const deps = {
  credentials: async () => ({
    accessKeyId: 'AKIDEXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
    sessionToken: 'session',
  }),
  fetch: ((input, init) => fetch(input, init)) as typeof fetch,
  now: () => Date.parse('2026-03-02T10:00:00Z'),
};

describe('aws-secretsmanager: settings', () => {
  it('are replaced by the secret, fetched with a signed GetSecretValue', async () => {
    let seen: { headers: Headers; body: unknown } | undefined;
    server.use(
      http.post(ENDPOINT, async ({ request }) => {
        seen = { headers: request.headers, body: await request.json() };
        return HttpResponse.json({ ARN, Name: 'guard/gitlab', SecretString: 'glpat-from-aws' });
      }),
    );

    const env = await resolveSecrets({ GITLAB_TOKEN: `aws-secretsmanager:${ARN}`, PORT: '3000' }, deps);

    expect(env).toEqual({ GITLAB_TOKEN: 'glpat-from-aws', PORT: '3000' });
    expect(seen?.body).toEqual({ SecretId: ARN });
    expect(seen?.headers.get('x-amz-target')).toBe('secretsmanager.GetSecretValue');
    expect(seen?.headers.get('x-amz-date')).toBe('20260302T100000Z');
    expect(seen?.headers.get('x-amz-security-token')).toBe('session');
    // The AWS SDK's own signer (@smithy/signature-v4, applyChecksum off) signs this request identically.
    expect(seen?.headers.get('authorization')).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260302/eu-west-1/secretsmanager/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, Signature=78db268f3e55b3fac23b6fdaf33716dd50ddbd8b316e3d3e05ed4d2a3751f6ce',
    );
  });

  it('leave plain values and non-secret variables alone, without calling AWS', async () => {
    const env = await resolveSecrets(
      { GITLAB_TOKEN: 'glpat-plain', GUARD_STATE: `aws-secretsmanager:${ARN}` },
      deps,
    );

    expect(env).toEqual({ GITLAB_TOKEN: 'glpat-plain', GUARD_STATE: `aws-secretsmanager:${ARN}` });
  });

  it('stop start-up with one line naming the variable and the ARN when AWS refuses', async () => {
    server.use(
      http.post(ENDPOINT, () =>
        HttpResponse.json(
          { __type: 'AccessDeniedException', message: 'not authorized to perform GetSecretValue' },
          { status: 400 },
        ),
      ),
    );

    const failure = resolveSecrets({ DD_API_KEY: `aws-secretsmanager:${ARN}` }, deps);

    await expect(failure).rejects.toThrow(
      `DD_API_KEY: could not read aws-secretsmanager:${ARN}: Secrets Manager answered 400 for ${ARN}: AccessDeniedException: not authorized to perform GetSecretValue; check that GUARD's role may call secretsmanager:GetSecretValue on it`,
    );
  });

  it('refuse something that is not a Secrets Manager ARN', async () => {
    await expect(
      resolveSecrets({ WEBHOOK_SECRET: 'aws-secretsmanager:guard/webhook' }, deps),
    ).rejects.toThrow(
      /^WEBHOOK_SECRET: could not read aws-secretsmanager:guard\/webhook: guard\/webhook is not a Secrets Manager secret ARN/,
    );
  });
});
