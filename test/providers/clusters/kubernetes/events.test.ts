import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createKubernetesClusters } from '../../../../providers/clusters/kubernetes/index.ts';
import { event } from '../../../contract/clusters/objects.ts';
import { type Harness, startHarness } from './harness.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => {
  h.api.objects.length = 0;
  h.api.requests.length = 0;
  h.api.pageSize = 500;
});

const clusters = () => createKubernetesClusters({ fleet: h.fleet, kubeconfig: h.kubeconfig });
const query = {
  namespace: 'logging',
  workloads: ['daemonset/promtail'],
  since: new Date('2024-05-01T11:00:00Z'),
};
const pod = (i: number) => `promtail-p${String(i).padStart(4, '0')}`;

describe('kubernetes clusters › events', () => {
  it("reads the namespace's core/v1 events page by page, following continue, without a field selector", async () => {
    h.api.pageSize = 2;
    for (let i = 0; i < 5; i++)
      h.api.objects.push(
        event('logging', ['Pod', pod(i)], 'Warning', 'BackOff', `crash ${i}`, `2024-05-01T11:0${i}:00Z`),
      );

    const found = await clusters().events('dev', query);

    expect(found.map((e) => e.message)).toEqual(['crash 4', 'crash 3', 'crash 2', 'crash 1', 'crash 0']);
    const lists = h.api.requests.filter((r) => r.startsWith('GET /api/v1/namespaces/logging/events'));
    expect(lists).toHaveLength(3);
    expect(lists.every((r) => !r.includes('fieldSelector'))).toBe(true);
  });

  it('stops reading a namespace after 5,000 events, so a noisy one cannot exhaust memory', async () => {
    for (let i = 0; i < 5_200; i++)
      h.api.objects.push(
        event('logging', ['Pod', pod(i)], 'Normal', 'Pulled', `pulled ${i}`, '2024-05-01T11:30:00Z'),
      );

    const found = await clusters().events('dev', { ...query, limit: 10_000 });

    expect(found).toHaveLength(5_000);
    expect(h.api.requests.filter((r) => r.includes('/events?'))).toHaveLength(10);
  });

  it('names the cluster and the credential problem when the API server refuses the list', async () => {
    const denied = createKubernetesClusters({ fleet: h.fleet, kubeconfig: h.kubeconfig });

    await expect(denied.events('bad-token', query)).rejects.toThrow(/^bad-token: .*credentials \(401\)/);
  });

  it('cuts a message longer than the 1 KB events.k8s.io allows a note to 1,024 characters', async () => {
    h.api.objects.push(
      event(
        'logging',
        ['Pod', 'promtail-x8k2p'],
        'Warning',
        'Failed',
        'x'.repeat(5_000),
        '2024-05-01T11:30:00Z',
      ),
    );

    const [found] = await clusters().events('dev', query);

    expect(found?.message).toHaveLength(1_024);
  });
});
