import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createKubernetesClusters,
  type KubernetesClusters,
} from '../../../../providers/clusters/kubernetes/index.ts';
import { GOOD_TOKEN, type Harness, ROLE, startHarness } from './harness.ts';

let h: Harness;
let clusters: KubernetesClusters;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => {
  h.api.readyz = { status: 200, body: '[+]ping ok\nreadyz check passed' };
  clusters = createKubernetesClusters({
    fleet: h.fleet,
    kubeconfig: h.kubeconfig,
    tokenFor: async () => ({ token: GOOD_TOKEN }),
  });
});

describe('kubernetes clusters › apiStatus', () => {
  it('reports a ready API server and its minor version over TLS with the fixture CA', async () => {
    const status = await clusters.apiStatus('dev');

    expect(status).toEqual({ ready: true, version: '1.29' });
  });

  it('reports not ready with the failing checks when /readyz fails', async () => {
    h.api.readyz = { status: 500, body: '[+]ping ok\n[-]etcd failed: reason withheld\nreadyz check failed' };

    const status = await clusters.apiStatus('dev');

    expect(status).toEqual({
      ready: false,
      reason: 'dev: /readyz answered 500: etcd failed: reason withheld',
    });
  });

  it('reports an unreachable API server as not ready, naming the cluster and the failure', async () => {
    const status = await clusters.apiStatus('gone');

    expect(status.ready).toBe(false);
    expect(status.reason).toMatch(/^gone: API server unreachable \(.*ECONNREFUSED.*\); check the endpoint/);
  });

  it('refuses a server whose certificate the configured CAs do not vouch for', async () => {
    const status = await clusters.apiStatus('untrusted');

    expect(status.ready).toBe(false);
    expect(status.reason).toMatch(/^untrusted: TLS failed \(.*certificate.*\); check the cluster CA/);
  });

  it('explains a rejected token (401) naming the cluster and the identity', async () => {
    const status = await clusters.apiStatus('bad-token');

    expect(status.ready).toBe(false);
    expect(status.reason).toContain(
      "bad-token: the API server rejected GUARD's credentials (401) as kubeconfig context wrong-token",
    );
  });

  it('names the role of an EKS cluster when its token is rejected', async () => {
    const eks = createKubernetesClusters({
      fleet: h.fleet,
      tokenFor: async () => ({ token: 'k8s-aws-v1.stale' }),
    });

    const status = await eks.apiStatus('eks');

    expect(status.reason).toContain(`eks: the API server rejected GUARD's credentials (401) as role ${ROLE}`);
  });

  it('says which kubeconfig context is missing, and which clusters fleet.yaml does not know', async () => {
    const typo = { name: 'typo', batch: 'test', environment: 'test', kubeconfig: { context: 'dev-euw-1' } };
    const withTypo = createKubernetesClusters({ fleet: { clusters: [typo] }, kubeconfig: h.kubeconfig });

    const missingContext = await withTypo.apiStatus('typo');
    const unknown = await withTypo.apiStatus('elsewhere');

    expect(missingContext.reason).toBe(
      `typo: cluster typo: context dev-euw-1 is not in the kubeconfig ${h.kubeconfig}; add it or fix kubeconfig.context`,
    );
    expect(unknown.reason).toBe('elsewhere: cluster elsewhere is not in guard/fleet.yaml');
  });

  it('reaches an EKS cluster with the endpoint and CA from fleet.yaml and the bearer token', async () => {
    const status = await clusters.apiStatus('eks');

    expect(status).toEqual({ ready: true, version: '1.29' });
  });
});

describe('kubernetes clusters › notReadyNodes', () => {
  it('lists nodes whose Ready condition is False or Unknown', async () => {
    const names = await clusters.notReadyNodes('dev');

    expect(names).toEqual(['ip-10-0-2-20.ec2.internal', 'ip-10-0-3-30.ec2.internal']);
  });

  it('throws a reason naming the cluster and identity on 401', async () => {
    await expect(clusters.notReadyNodes('bad-token')).rejects.toThrow(
      /^bad-token: .*\(401\) as kubeconfig context wrong-token/,
    );
  });
});

describe('kubernetes clusters › workloads', () => {
  it('reports a ready deployment with the restarts of its pods', async () => {
    const [istiod] = await clusters.workloads('dev', 'istio-system', ['deployment/istiod']);

    expect(istiod).toEqual({ name: 'deployment/istiod', ready: true, restarts: 1, crashLooping: false });
  });

  it('reports a crash-looping daemonset with the pod and container at fault', async () => {
    const [promtail] = await clusters.workloads('dev', 'logging', ['daemonset/promtail']);

    expect(promtail).toEqual({
      name: 'daemonset/promtail',
      ready: false,
      restarts: 9,
      crashLooping: true,
      reason: '2/3 pods available; pod promtail-m4n5b container promtail in CrashLoopBackOff (7 restarts)',
    });
  });

  it('reports a deployment whose latest generation is not yet observed as not ready', async () => {
    const [gateway] = await clusters.workloads('dev', 'istio-system', ['deployment/istio-ingressgateway']);

    expect(gateway).toMatchObject({ ready: false, reason: 'latest spec not yet observed' });
  });

  it('reads a statefulset and reports a missing workload without failing the others', async () => {
    const result = await clusters.workloads('dev', 'logging', ['statefulset/loki', 'deployment/absent']);

    expect(result).toEqual([
      { name: 'statefulset/loki', ready: true, restarts: 0, crashLooping: false },
      {
        name: 'deployment/absent',
        ready: false,
        restarts: 0,
        crashLooping: false,
        reason: 'deployment/absent not found in logging',
      },
    ]);
  });
});
