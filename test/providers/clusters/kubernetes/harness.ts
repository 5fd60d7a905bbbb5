import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Fleet } from '../../../../config/fleet.ts';
import { CA_DATA, type FakeKubeApi, startFakeKubeApi } from './fake-kube-api.ts';
import { clusterObjects } from './objects.ts';

export const GOOD_TOKEN = 'good-token-for-tests';
export const ROLE = 'arn:aws:iam::111111111111:role/guard';

/** A running fake API and a kubeconfig file whose contexts reach it in several ways. */
export interface Harness {
  api: FakeKubeApi;
  kubeconfig: string;
  fleet: Pick<Fleet, 'clusters'>;
  close(): Promise<void>;
}

/**
 * Clusters: `dev` (kubeconfig, right token), `bad-token` (kubeconfig, wrong token), `gone` (a port
 * nothing listens on), `untrusted` (no CA, so the fixture certificate is not trusted) and `eks` (EKS with endpoint and CA in the fleet; tests inject its token).
 */
export async function startHarness(): Promise<Harness> {
  const api = await startFakeKubeApi(GOOD_TOKEN, clusterObjects());
  const dir = mkdtempSync(join(tmpdir(), 'guard-kubeconfig-'));
  const kubeconfig = join(dir, 'config');
  const cluster = (name: string, server: string) => ({
    name,
    cluster: { server, 'certificate-authority-data': CA_DATA },
  });
  writeFileSync(
    kubeconfig,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        cluster('fake', api.url),
        cluster('nowhere', 'https://127.0.0.1:1'),
        { name: 'no-ca', cluster: { server: api.url } },
      ],
      users: [
        { name: 'good', user: { token: GOOD_TOKEN } },
        { name: 'bad', user: { token: 'expired-or-wrong' } },
      ],
      contexts: [
        { name: 'dev-euw1', context: { cluster: 'fake', user: 'good' } },
        { name: 'wrong-token', context: { cluster: 'fake', user: 'bad' } },
        { name: 'gone', context: { cluster: 'nowhere', user: 'good' } },
        { name: 'untrusted', context: { cluster: 'no-ca', user: 'good' } },
      ],
      'current-context': 'dev-euw1',
    }),
  );
  const base = { batch: 'test', environment: 'test' };
  const fleet = {
    clusters: [
      { ...base, name: 'dev', kubeconfig: { context: 'dev-euw1' } },
      { ...base, name: 'bad-token', kubeconfig: { context: 'wrong-token' } },
      { ...base, name: 'gone', kubeconfig: { context: 'gone' } },
      { ...base, name: 'untrusted', kubeconfig: { context: 'untrusted' } },
      {
        ...base,
        name: 'eks',
        region: 'us-east-1',
        eks: { name: 'test-use1', roleArn: ROLE, endpoint: api.url, caData: CA_DATA },
      },
    ],
  };
  return {
    api,
    kubeconfig,
    fleet,
    close: async () => {
      await api.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
