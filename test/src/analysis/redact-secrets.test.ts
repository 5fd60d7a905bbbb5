import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../../src/analysis/redact-secrets.ts';

// Credential-shaped strings as each vendor documents its format (none of them is a live credential).
const SECRETS: [string, string][] = [
  ['a GitHub token', 'auth with ghp_1234567890abcdefghijABCDEFGHIJ123456 failed'],
  ['a fine-grained GitHub token', 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz'],
  ['a GitLab token', 'GITLAB=glpat-xYz123AbC456dEf789gH'],
  ['a Slack bot token', 'using xoxb-1234567890-0987654321-AbCdEfGhIjKlMn'],
  ['a Slack webhook path', 'posting to https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXX'],
  ['an AWS access key id', 'AccessKeyId AKIAIOSFODNN7EXAMPLE was denied'],
  ['an OpenAI key', 'key sk-proj-abcdefghijklmnop1234567890'],
  [
    'a JWT (a service account token)',
    'eyJhbGciOiJSUzI1NiIsImtpZCI6IjEyMyJ9.eyJpc3MiOiJrdWJlcm5ldGVzIn0.c2lnbmF0dXJl',
  ],
  ['an EKS bearer token', 'k8s-aws-v1.aHR0cHM6Ly9zdHMuYW1hem9uYXdzLmNvbS8_QWN0aW9u'],
  ['a bearer header', 'Authorization: Bearer abc.def-ghi_jkl'],
  ['a password in a URL', 'connect to postgres://app:hunter2@db.internal:5432/app failed'],
  ['a named secret', 'env DB_PASSWORD=hunter2 and api_key: "s3cr3t-value"'],
  ['a token in a query string', 'GET /callback?token=abcdef123&next=/home'],
  ['a PEM key', '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----'],
  ['an opaque key', 'DD_API_KEY value 0123456789abcdef0123456789abcdef used'],
];

describe('redactSecrets', () => {
  it.each(SECRETS)('replaces %s', (_, text) => {
    const out = redactSecrets(text);

    expect(out).toContain('[redacted]');
    for (const secret of [
      'ghp_1234567890',
      'github_pat_11ABC',
      'glpat-xYz',
      'xoxb-123',
      'XXXXXXXXXXXXXXXX',
      'AKIAIOSFODNN7EXAMPLE',
      'sk-proj-abc',
      'eyJhbGci',
      'k8s-aws-v1.aHR0',
      'abc.def-ghi',
      'hunter2',
      's3cr3t',
      'abcdef123',
      'MIIEowIBAAKCAQEA',
      '0123456789abcdef0123456789abcdef',
    ])
      expect(out).not.toContain(secret);
  });

  it('keeps what a reader needs: names, versions, reasons and ordinary words about tokens', () => {
    const text = [
      'Back-off restarting failed container promtail in pod promtail-x8k2p_logging',
      'Scaled up replica set kube-prometheus-stack-operator-5f8b9c7d6 to 2',
      'Readiness probe failed: HTTP probe failed with statuscode: 500',
      'token validation failed for the webhook; secret "istio-ca-secret" not found',
      'upgrade 6.15.0 -> 6.16.0 of chart promtail in clusters/dev-2/promtail.yaml',
    ].join('\n');

    expect(redactSecrets(text)).toBe(text);
  });

  it('is stable: redacting twice changes nothing more', () => {
    const once = redactSecrets('password=hunter2 Bearer abcdefgh ghp_1234567890abcdefghijABCDEFGHIJ123456');

    expect(redactSecrets(once)).toBe(once);
  });
});
