import { describe, expect, it } from 'vitest';
import type { CredentialsFor } from '../../../providers/aws/role-credentials.ts';
import { createTokenCache } from '../../../providers/aws/token-cache.ts';

function setup() {
  let now = Date.parse('2024-05-01T12:00:00Z');
  const asked: (string | undefined)[] = [];
  const credentialsFor: CredentialsFor = async (roleArn) => {
    asked.push(roleArn);
    return { accessKeyId: `AK-${asked.length}`, secretAccessKey: 'secret' };
  };
  const tokens = createTokenCache({ credentialsFor, clock: () => now });
  return { tokens, asked, advance: (ms: number) => (now += ms) };
}

const target = { cluster: 'test-use1', region: 'us-east-1', roleArn: 'arn:aws:iam::111111111111:role/guard' };

describe('EKS token cache', () => {
  it('reuses a token for up to 10 minutes', async () => {
    const { tokens, asked, advance } = setup();
    const first = await tokens(target);

    advance(10 * 60_000 - 1);
    const again = await tokens(target);

    expect(again.token).toBe(first.token);
    expect(asked).toHaveLength(1);
  });

  it('signs a new token once 10 minutes have passed', async () => {
    const { tokens, asked, advance } = setup();
    const first = await tokens(target);

    advance(10 * 60_000);
    const fresh = await tokens(target);

    expect(fresh.token).not.toBe(first.token);
    expect(fresh.refreshAt).toBe(first.refreshAt + 10 * 60_000);
    expect(asked).toHaveLength(2);
  });

  it('keeps tokens apart per cluster and per role, and shares one signing between concurrent callers', async () => {
    const { tokens, asked } = setup();

    const [a, b] = await Promise.all([tokens(target), tokens(target)]);
    const other = await tokens({ ...target, cluster: 'dev-use1' });
    const otherRole = await tokens({ ...target, roleArn: 'arn:aws:iam::222222222222:role/guard' });

    expect(a.token).toBe(b.token);
    expect(new Set([a.token, other.token, otherRole.token]).size).toBe(3);
    expect(asked).toEqual([target.roleArn, target.roleArn, 'arn:aws:iam::222222222222:role/guard']);
  });

  it('tries again after a failed signing instead of caching the failure', async () => {
    let fail = true;
    const tokens = createTokenCache({
      credentialsFor: async () => {
        if (fail) throw new Error('no credentials');
        return { accessKeyId: 'AK', secretAccessKey: 'S' };
      },
      clock: () => 0,
    });
    await expect(tokens(target)).rejects.toThrow('no credentials');
    fail = false;

    const token = await tokens(target);

    expect(token.token).toMatch(/^k8s-aws-v1\./);
  });
});
