import { STSClient } from '@aws-sdk/client-sts';
import { http, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEksAccess } from '../../../../providers/aws/eks-access.ts';
import { createKubernetesClusters } from '../../../../providers/clusters/kubernetes/index.ts';
import { ASSUMED, type AwsCalls, eksHandler, stsHandler } from '../../aws/aws-handlers.ts';
import { CA_DATA, type FakeKubeApi, startFakeKubeApi } from './fake-kube-api.ts';
import { clusterObjects } from './objects.ts';

const ROLE = 'arn:aws:iam::111111111111:role/guard';

/** What EKS checks before it asks STS: a v1 token presigned by the assumed role for this cluster. */
function presignedForCluster(token: string): boolean {
  if (!token.startsWith('k8s-aws-v1.')) return false;
  const url = new URL(Buffer.from(token.slice(11), 'base64url').toString('utf8'));
  return (
    url.host === 'sts.us-east-1.amazonaws.com' &&
    url.searchParams.get('Action') === 'GetCallerIdentity' &&
    url.searchParams.get('X-Amz-SignedHeaders') === 'host;x-k8s-aws-id' &&
    (url.searchParams.get('X-Amz-Credential') ?? '').startsWith(`${ASSUMED.accessKeyId}/`)
  );
}

const calls: AwsCalls = { assumeRole: [], describeCluster: [] };
let api: FakeKubeApi;
let server: ReturnType<typeof setupServer>;

beforeAll(async () => {
  api = await startFakeKubeApi(presignedForCluster, clusterObjects());
  server = setupServer(
    stsHandler(calls, '2099-01-01T00:00:00Z'),
    eksHandler(calls, api.url, CA_DATA),
    // The cluster itself is real (loopback HTTPS); only AWS is faked.
    http.all(`${api.url}/*`, () => passthrough()),
  );
  server.listen({ onUnhandledRequest: 'error' });
});
afterAll(async () => {
  server.close();
  await api.close();
});

describe('kubernetes clusters › EKS end to end', () => {
  it('assumes the role, finds the endpoint with DescribeCluster, and refreshes the token after 10 minutes', async () => {
    let now = Date.parse('2024-05-01T12:00:00Z');
    const clock = () => now;
    // A static base identity stands in for what the default chain finds (IRSA, Pod Identity).
    const stsFor = (region: string) =>
      new STSClient({ region, credentials: { accessKeyId: 'AKIDBASE', secretAccessKey: 'base-secret' } });
    const clusters = createKubernetesClusters({
      fleet: {
        clusters: [
          {
            name: 'test-use1',
            batch: 'test',
            environment: 'test',
            eks: { name: 'test-use1', region: 'us-east-1', roleArn: ROLE },
          },
        ],
      },
      eks: createEksAccess({ stsFor, clock }),
      clock,
    });

    const first = await clusters.apiStatus('test-use1');
    now += 9 * 60_000;
    await clusters.notReadyNodes('test-use1');
    now += 60_000;
    const nodes = await clusters.notReadyNodes('test-use1');

    expect(first).toEqual({ ready: true, version: '1.29' });
    expect(nodes).toHaveLength(2);
    expect(calls.describeCluster.map((c) => c.name)).toEqual(['test-use1']);
    expect(calls.assumeRole.map((f) => f.get('RoleSessionName'))).toEqual(['guard']);
    expect(api.tokens).toHaveLength(2);
  });
});
