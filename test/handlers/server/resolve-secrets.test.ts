import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { resolveSecrets } from '../../../handlers/server/resolve-secrets.ts';
import { getSecretValue } from '../../../providers/aws/secrets-manager.ts';

const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:guard/gitlab-AbCdEf';
const ENDPOINT = 'https://secretsmanager.eu-west-1.amazonaws.com/';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** The production reader with static keys instead of the default chain; no SDK retries, to keep tests quick. */
const regions: string[] = [];
const readSecret = (arn: string) =>
  getSecretValue(arn, (region) => {
    regions.push(region);
    return new SecretsManagerClient({
      region,
      maxAttempts: 1,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'session' },
    });
  });

describe('aws-secretsmanager: settings', () => {
  it('are replaced by the secret, read with GetSecretValue in the secret’s own region', async () => {
    let seen: { headers: Headers; body: unknown } | undefined;
    server.use(
      http.post(ENDPOINT, async ({ request }) => {
        seen = { headers: request.headers, body: await request.json() };
        return HttpResponse.json({ ARN, Name: 'guard/gitlab', SecretString: 'glpat-from-aws' });
      }),
    );

    const env = await resolveSecrets({ GITLAB_TOKEN: `aws-secretsmanager:${ARN}`, PORT: '3000' }, readSecret);

    expect(env).toEqual({ GITLAB_TOKEN: 'glpat-from-aws', PORT: '3000' });
    expect(regions.at(-1)).toBe('eu-west-1');
    expect(seen?.body).toEqual({ SecretId: ARN });
    expect(seen?.headers.get('x-amz-target')).toBe('secretsmanager.GetSecretValue');
    expect(seen?.headers.get('x-amz-security-token')).toBe('session');
    expect(seen?.headers.get('authorization')).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/secretsmanager\/aws4_request, SignedHeaders=[^,]*x-amz-target[^,]*, Signature=[0-9a-f]{64}$/,
    );
  });

  it('leave plain values and non-secret variables alone, without calling AWS', async () => {
    const env = await resolveSecrets(
      { GITLAB_TOKEN: 'glpat-plain', GUARD_STATE: `aws-secretsmanager:${ARN}` },
      readSecret,
    );

    expect(env).toEqual({ GITLAB_TOKEN: 'glpat-plain', GUARD_STATE: `aws-secretsmanager:${ARN}` });
  });

  it('stop start-up with one line naming the variable and the ARN when AWS refuses', async () => {
    // The JSON-protocol error Secrets Manager documents: __type names the exception.
    server.use(
      http.post(ENDPOINT, () =>
        HttpResponse.json(
          { __type: 'AccessDeniedException', message: 'not authorized to perform GetSecretValue' },
          { status: 400 },
        ),
      ),
    );

    const failure = resolveSecrets({ DD_API_KEY: `aws-secretsmanager:${ARN}` }, readSecret);

    await expect(failure).rejects.toThrow(
      `DD_API_KEY: could not read aws-secretsmanager:${ARN}: Secrets Manager refused ${ARN} (AccessDeniedException: not authorized to perform GetSecretValue); check that GUARD's role may call secretsmanager:GetSecretValue on it`,
    );
  });

  it('say so when a secret holds binary data, never printing it', async () => {
    server.use(
      http.post(ENDPOINT, () => HttpResponse.json({ ARN, Name: 'guard/gitlab', SecretBinary: 'c2VjcmV0' })),
    );

    await expect(resolveSecrets({ GITLAB_TOKEN: `aws-secretsmanager:${ARN}` }, readSecret)).rejects.toThrow(
      `GITLAB_TOKEN: could not read aws-secretsmanager:${ARN}: ${ARN} holds no SecretString (binary secrets are not supported); store the value as text`,
    );
  });

  it('refuse something that is not a Secrets Manager ARN', async () => {
    await expect(
      resolveSecrets({ WEBHOOK_SECRET: 'aws-secretsmanager:guard/webhook' }, readSecret),
    ).rejects.toThrow(
      /^WEBHOOK_SECRET: could not read aws-secretsmanager:guard\/webhook: guard\/webhook is not a Secrets Manager secret ARN/,
    );
  });
});
