// The fake API server is what the Kubernetes adapter is tested against, so it must answer as the
// API server does (Kubernetes API reference: Status, ListMeta, PATCH content types).
import { request } from 'node:https';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { event } from '../../../contract/clusters/objects.ts';
import { CA_DATA, type FakeKubeApi, startFakeKubeApi } from './fake-kube-api.ts';
import { clusterObjects } from './objects.ts';

const TOKEN = 'fake-api-test-token';
let api: FakeKubeApi;

beforeAll(async () => {
  api = await startFakeKubeApi(TOKEN, clusterObjects());
});
afterAll(() => api.close());
beforeEach(() => {
  api.objects.splice(0, api.objects.length, ...clusterObjects());
});

function call(method: string, path: string, body?: unknown, contentType?: string, token = TOKEN) {
  return new Promise<{ status: number; json: Record<string, unknown> }>((resolve, reject) => {
    const req = request(
      new URL(path, api.url),
      {
        method,
        ca: Buffer.from(CA_DATA, 'base64'),
        headers: {
          authorization: `Bearer ${token}`,
          ...(contentType ? { 'content-type': contentType } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString()) }),
        );
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

const DEPLOY = '/apis/apps/v1/namespaces/istio-system/deployments/istiod';
const HELM = '/apis/helm.toolkit.fluxcd.io/v2/namespaces/flux-system/helmreleases/done';
const RESTART = {
  spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': 'x' } } } },
};

describe('fake Kubernetes API', () => {
  it('answers a missing object with a NotFound Status naming the resource, its group and the name', async () => {
    const { status, json } = await call('GET', '/apis/apps/v1/namespaces/logging/deployments/absent');

    expect(status).toBe(404);
    expect(json).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'deployments.apps "absent" not found',
      reason: 'NotFound',
      details: { name: 'absent', group: 'apps', kind: 'deployments' },
      code: 404,
    });
  });

  it('answers 404 NotFound for a group it does not serve, and 401 Unauthorized without the token', async () => {
    const missing = await call('GET', '/apis/monitoring.coreos.com/v1');
    const stranger = await call('GET', DEPLOY, undefined, undefined, 'someone-else');

    expect(missing).toMatchObject({ status: 404, json: { kind: 'Status', reason: 'NotFound', code: 404 } });
    expect(stranger).toMatchObject({
      status: 401,
      json: { kind: 'Status', reason: 'Unauthorized', code: 401 },
    });
  });

  it('lists with the group version, ListMeta resourceVersion, bare built-in items and whole custom ones', async () => {
    const deployments = await call('GET', '/apis/apps/v1/namespaces/istio-system/deployments');
    const releases = await call('GET', '/apis/helm.toolkit.fluxcd.io/v2/namespaces/flux-system/helmreleases');

    expect(deployments.json).toMatchObject({ kind: 'DeploymentList', apiVersion: 'apps/v1' });
    expect((deployments.json.metadata as { resourceVersion: unknown }).resourceVersion).toMatch(/^\d+$/);
    const [first] = deployments.json.items as Record<string, unknown>[];
    expect(first).not.toHaveProperty('kind');
    expect(first?.metadata).toMatchObject({ uid: expect.any(String), resourceVersion: expect.any(String) });
    const beta = (releases.json.items as { apiVersion: string; metadata: { name: string } }[]).find(
      (r) => r.metadata.name === 'beta',
    );
    expect(beta?.apiVersion).toBe('helm.toolkit.fluxcd.io/v2');
  });

  it('takes merge and strategic merge patches on built-ins, moving the generation once per change', async () => {
    const first = await call('PATCH', DEPLOY, RESTART, 'application/strategic-merge-patch+json');
    const same = await call('PATCH', DEPLOY, RESTART, 'application/merge-patch+json');

    expect(first.status).toBe(200);
    expect((first.json.metadata as { generation: number }).generation).toBe(5);
    expect(same.json.metadata).toMatchObject({
      generation: 5,
      resourceVersion: (first.json.metadata as { resourceVersion: string }).resourceVersion,
    });
  });

  it('refuses a strategic merge patch on a custom resource and an unknown patch type with 415', async () => {
    const strategic = await call(
      'PATCH',
      HELM,
      { spec: { suspend: true } },
      'application/strategic-merge-patch+json',
    );
    const plain = await call('PATCH', DEPLOY, RESTART, 'application/json');

    for (const answer of [strategic, plain]) {
      expect(answer).toMatchObject({
        status: 415,
        json: { kind: 'Status', reason: 'UnsupportedMediaType', code: 415 },
      });
    }
    expect(strategic.json.message).not.toContain('strategic');
  });

  it('answers 405 for a verb the resource does not take here', async () => {
    const { status, json } = await call('DELETE', DEPLOY);

    expect(status).toBe(405);
    expect(json).toMatchObject({ kind: 'Status', reason: 'MethodNotAllowed' });
  });

  it('lists core/v1 events of a namespace as an EventList whose items carry no apiVersion or kind', async () => {
    api.objects.push(
      event('logging', ['Pod', 'promtail-x8k2p'], 'Warning', 'BackOff', 'Back-off', '2024-05-01T11:30:00Z'),
      event('istio-system', ['Pod', 'istiod-1'], 'Normal', 'Pulled', 'Pulled', '2024-05-01T11:31:00Z'),
    );

    const { status, json } = await call('GET', '/api/v1/namespaces/logging/events?limit=500');

    expect(status).toBe(200);
    expect(json).toMatchObject({ kind: 'EventList', apiVersion: 'v1' });
    const items = json.items as Record<string, unknown>[];
    expect(items).toHaveLength(1);
    expect(items[0]).not.toHaveProperty('kind');
    expect(items[0]).toMatchObject({
      involvedObject: { kind: 'Pod', name: 'promtail-x8k2p' },
      type: 'Warning',
      metadata: { namespace: 'logging', uid: expect.any(String), resourceVersion: expect.any(String) },
    });
  });

  it('fails loudly on a field selector, which it does not implement, rather than ignore it', async () => {
    const { status, json } = await call(
      'GET',
      '/api/v1/namespaces/logging/events?fieldSelector=type%3DWarning',
    );

    expect(status).toBe(500);
    expect(json).toMatchObject({ kind: 'Status', reason: 'InternalError' });
  });
});
