import { STSClient } from '@aws-sdk/client-sts';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEksAccess, type EksAccess } from '../../../providers/aws/eks-access.ts';
import { ASSUMED, type AwsCalls, eksHandler, stsHandler } from './aws-handlers.ts';

const ROLE = 'arn:aws:iam::111111111111:role/guard';
const START = Date.parse('2024-05-01T12:00:00Z');
const calls: AwsCalls = { assumeRole: [], describeCluster: [] };
const server = setupServer(
  stsHandler(calls, '2024-05-01T13:00:00Z'),
  eksHandler(calls, 'https://ABCDEF.gr7.us-east-1.eks.amazonaws.com', 'LS0tLS1CRUdJTi0tLS0t'),
);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

let now: number;
let access: EksAccess;
beforeEach(() => {
  calls.assumeRole.length = 0;
  calls.describeCluster.length = 0;
  now = START;
  // The base identity is static here; in production the client's default chain finds IRSA or Pod Identity.
  const stsFor = (region: string) =>
    new STSClient({ region, credentials: { accessKeyId: 'AKIDBASE', secretAccessKey: 'base-secret' } });
  access = createEksAccess({ stsFor, clock: () => now });
});

const decode = (token: string) =>
  new URL(Buffer.from(token.slice('k8s-aws-v1.'.length), 'base64url').toString());

describe('EKS access › STS AssumeRole', () => {
  it('signs the token with credentials of the assumed role, session name guard', async () => {
    const { token } = await access.token({ cluster: 'test-use1', region: 'us-east-1', roleArn: ROLE });

    const url = decode(token);
    expect(calls.assumeRole).toHaveLength(1);
    expect(calls.assumeRole[0]?.get('Action')).toBe('AssumeRole');
    expect(calls.assumeRole[0]?.get('RoleArn')).toBe(ROLE);
    expect(calls.assumeRole[0]?.get('RoleSessionName')).toBe('guard');
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(new RegExp(`^${ASSUMED.accessKeyId}/20240501/`));
    expect(url.searchParams.get('X-Amz-Security-Token')).toBe(ASSUMED.sessionToken);
  });

  it('assumes the role once while its credentials last, though tokens are re-signed every 10 minutes', async () => {
    const first = await access.token({ cluster: 'test-use1', region: 'us-east-1', roleArn: ROLE });
    now += 10 * 60_000;

    const second = await access.token({ cluster: 'test-use1', region: 'us-east-1', roleArn: ROLE });

    expect(second.token).not.toBe(first.token);
    expect(calls.assumeRole).toHaveLength(1);
  });

  it('assumes the role again when its credentials come within 5 minutes of expiry', async () => {
    await access.token({ cluster: 'test-use1', region: 'us-east-1', roleArn: ROLE });
    now += 56 * 60_000;

    await access.token({ cluster: 'test-use1', region: 'us-east-1', roleArn: ROLE });

    expect(calls.assumeRole).toHaveLength(2);
  });

  it('says which role could not be assumed and what to check', async () => {
    const denied = 'arn:aws:iam::111111111111:role/denied';

    await expect(
      access.token({ cluster: 'test-use1', region: 'us-east-1', roleArn: denied }),
    ).rejects.toThrow(
      `cannot assume role ${denied}: User is not authorized to perform: sts:AssumeRole; check that GUARD's identity may call sts:AssumeRole`,
    );
  });

  it('signs with the default chain identity when the cluster names no role', async () => {
    const { token } = await access.token({ cluster: 'test-use1', region: 'us-east-1' });

    expect(calls.assumeRole).toHaveLength(0);
    expect(decode(token).searchParams.get('X-Amz-Credential')).toMatch(/^AKIDBASE\//);
  });
});

describe('EKS access › endpoint', () => {
  it('uses endpoint and CA from fleet.yaml without calling AWS', async () => {
    const found = await access.endpoint({
      cluster: 'test-use1',
      region: 'us-east-1',
      roleArn: ROLE,
      endpoint: 'https://x.example',
      caData: 'Q0E=',
    });

    expect(found).toEqual({ endpoint: 'https://x.example', caData: 'Q0E=' });
    expect(calls.describeCluster).toHaveLength(0);
    expect(calls.assumeRole).toHaveLength(0);
  });

  it('looks up endpoint and CA with a SigV4-signed DescribeCluster as the role, once', async () => {
    const target = { cluster: 'test-use1', region: 'us-east-1', roleArn: ROLE };

    const found = await access.endpoint(target);
    await access.endpoint(target);

    expect(found).toEqual({
      endpoint: 'https://ABCDEF.gr7.us-east-1.eks.amazonaws.com',
      caData: 'LS0tLS1CRUdJTi0tLS0t',
    });
    expect(calls.describeCluster).toHaveLength(1);
    const headers = calls.describeCluster[0]!.headers;
    expect(headers.get('authorization')).toMatch(
      new RegExp(
        `^AWS4-HMAC-SHA256 Credential=${ASSUMED.accessKeyId}/\\d{8}/us-east-1/eks/aws4_request, SignedHeaders=[^,]*x-amz-security-token[^,]*, Signature=[0-9a-f]{64}$`,
      ),
    );
    expect(headers.get('x-amz-security-token')).toBe(ASSUMED.sessionToken);
  });

  it('explains a failed lookup and how to avoid it, and retries it on the next call', async () => {
    const target = { cluster: 'missing', region: 'us-east-1', roleArn: ROLE };

    await expect(access.endpoint(target)).rejects.toThrow(
      'EKS DescribeCluster for missing in us-east-1 failed (ResourceNotFoundException: No cluster found for name: missing.); set eks.endpoint and eks.caData in guard/fleet.yaml, or allow eks:DescribeCluster',
    );
    await expect(access.endpoint(target)).rejects.toThrow(/ResourceNotFoundException/);
    expect(calls.describeCluster).toHaveLength(2);
  });
});
