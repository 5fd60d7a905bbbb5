import { describe, expect, it } from 'vitest';
import { CLUSTER, type ClustersContractContext } from './context.ts';
import { event, readyDeployment } from './objects.ts';

const NS = 'istio-system';
const SINCE = new Date('2024-05-01T11:00:00Z');

/** events: what `kubectl events` shows for the service's workloads and the objects they make. */
export function describeEvents(ctx: ClustersContractContext): void {
  const events = (workloads: string[], extra: { namespace?: string; since?: Date; limit?: number } = {}) =>
    ctx.h.clusters.events(CLUSTER, {
      namespace: extra.namespace ?? NS,
      workloads,
      since: extra.since ?? SINCE,
      ...(extra.limit !== undefined ? { limit: extra.limit } : {}),
    });

  describe('events', () => {
    it("answers the events of a deployment, its replica sets and its pods, newest first, and no one else's", async () => {
      ctx.h.seed([
        readyDeployment(NS, 'istiod'),
        event(
          NS,
          ['Deployment', 'istiod'],
          'Normal',
          'ScalingReplicaSet',
          'Scaled up replica set istiod-7d4b9c8f6 to 2',
          '2024-05-01T11:10:00Z',
        ),
        event(
          NS,
          ['ReplicaSet', 'istiod-7d4b9c8f6'],
          'Normal',
          'SuccessfulCreate',
          'Created pod: istiod-7d4b9c8f6-abcde',
          '2024-05-01T11:11:00Z',
        ),
        event(
          NS,
          ['Pod', 'istiod-7d4b9c8f6-abcde'],
          'Warning',
          'BackOff',
          'Back-off restarting failed container discovery',
          '2024-05-01T11:30:00Z',
          { count: 12 },
        ),
        event(
          NS,
          ['Deployment', 'istiod-canary'],
          'Normal',
          'ScalingReplicaSet',
          'Scaled up replica set istiod-canary-5f9c to 1',
          '2024-05-01T11:12:00Z',
        ),
        event(
          NS,
          ['Pod', 'istiod-canary-5f9c6d7b8-zzzzz'],
          'Warning',
          'Unhealthy',
          'Readiness probe failed',
          '2024-05-01T11:13:00Z',
        ),
        event(
          NS,
          ['Pod', 'gateway-1'],
          'Warning',
          'BackOff',
          'Back-off restarting failed container',
          '2024-05-01T11:14:00Z',
        ),
        event(
          'other',
          ['Pod', 'istiod-7d4b9c8f6-fghij'],
          'Warning',
          'BackOff',
          'elsewhere',
          '2024-05-01T11:15:00Z',
        ),
      ]);

      expect(await events(['deployment/istiod'])).toEqual([
        {
          at: '2024-05-01T11:30:00.000Z',
          type: 'Warning',
          reason: 'BackOff',
          object: 'Pod/istiod-7d4b9c8f6-abcde',
          message: 'Back-off restarting failed container discovery',
          count: 12,
        },
        {
          at: '2024-05-01T11:11:00.000Z',
          type: 'Normal',
          reason: 'SuccessfulCreate',
          object: 'ReplicaSet/istiod-7d4b9c8f6',
          message: 'Created pod: istiod-7d4b9c8f6-abcde',
          count: 1,
        },
        {
          at: '2024-05-01T11:10:00.000Z',
          type: 'Normal',
          reason: 'ScalingReplicaSet',
          object: 'Deployment/istiod',
          message: 'Scaled up replica set istiod-7d4b9c8f6 to 2',
          count: 1,
        },
      ]);
    });

    it("reads a daemonset's pods and a statefulset's ordinal pods by the names their controllers give", async () => {
      ctx.h.seed([
        event(
          'logging',
          ['Pod', 'promtail-x8k2p'],
          'Warning',
          'Unhealthy',
          'Readiness probe failed: HTTP probe failed with statuscode: 500',
          '2024-05-01T11:20:00Z',
        ),
        event(
          'logging',
          ['DaemonSet', 'promtail'],
          'Normal',
          'SuccessfulCreate',
          'Created pod: promtail-x8k2p',
          '2024-05-01T11:05:00Z',
        ),
        event(
          'logging',
          ['Pod', 'loki-0'],
          'Warning',
          'FailedMount',
          'MountVolume.SetUp failed',
          '2024-05-01T11:21:00Z',
        ),
        event(
          'logging',
          ['Pod', 'loki-gateway'],
          'Warning',
          'BackOff',
          'not a pod of the statefulset',
          '2024-05-01T11:22:00Z',
        ),
        event(
          'logging',
          ['Pod', 'promtail-x8k2p-extra'],
          'Warning',
          'BackOff',
          'not a pod of the daemonset',
          '2024-05-01T11:23:00Z',
        ),
      ]);

      const found = await events(['daemonset/promtail', 'statefulset/loki'], { namespace: 'logging' });

      expect(found.map((e) => `${e.object} ${e.reason}`)).toEqual([
        'Pod/loki-0 FailedMount',
        'Pod/promtail-x8k2p Unhealthy',
        'DaemonSet/promtail SuccessfulCreate',
      ]);
    });

    it('dates a new-style event by its series or eventTime, and counts the series', async () => {
      ctx.h.seed([
        event(
          NS,
          ['Pod', 'istiod-7d4b9c8f6-abcde'],
          'Warning',
          'Unhealthy',
          'Readiness probe failed',
          '2024-05-01T11:00:00Z',
          {
            firstTimestamp: null,
            lastTimestamp: null,
            count: undefined,
            eventTime: '2024-05-01T11:40:00.123456Z',
            series: { count: 7, lastObservedTime: '2024-05-01T11:45:30.500000Z' },
          },
        ),
        event(
          NS,
          ['Pod', 'istiod-7d4b9c8f6-fghij'],
          'Normal',
          'Pulled',
          'Container image already present',
          '2024-05-01T11:00:00Z',
          {
            firstTimestamp: null,
            lastTimestamp: null,
            count: undefined,
            eventTime: '2024-05-01T11:41:00.000000Z',
          },
        ),
      ]);

      const found = await events(['deployment/istiod']);

      expect(found.map(({ at, object, count }) => ({ at, object, count }))).toEqual([
        { at: '2024-05-01T11:45:30.500Z', object: 'Pod/istiod-7d4b9c8f6-abcde', count: 7 },
        { at: '2024-05-01T11:41:00.000Z', object: 'Pod/istiod-7d4b9c8f6-fghij', count: 1 },
      ]);
    });

    it('keeps only events seen since the time asked, and the newest `limit` of them', async () => {
      const pod = ['Pod', 'istiod-7d4b9c8f6-abcde'] as [string, string];
      ctx.h.seed([
        event(NS, pod, 'Warning', 'BackOff', 'before the merge', '2024-05-01T10:59:59Z'),
        event(NS, pod, 'Warning', 'BackOff', 'first', '2024-05-01T11:01:00Z'),
        event(NS, pod, 'Warning', 'BackOff', 'second', '2024-05-01T11:02:00Z'),
        event(NS, pod, 'Warning', 'BackOff', 'third', '2024-05-01T11:03:00Z'),
        // An event first seen before `since` and seen again after it is recent.
        event(NS, pod, 'Warning', 'Unhealthy', 'still failing', '2024-05-01T11:04:00Z', {
          firstTimestamp: '2024-05-01T10:00:00Z',
          count: 40,
        }),
      ]);

      expect((await events(['deployment/istiod'])).map((e) => e.message)).toEqual([
        'still failing',
        'third',
        'second',
        'first',
      ]);
      expect((await events(['deployment/istiod'], { limit: 2 })).map((e) => e.message)).toEqual([
        'still failing',
        'third',
      ]);
    });

    it('answers no events when nothing happened, and rejects a reference that names no workload kind', async () => {
      ctx.h.seed([readyDeployment(NS, 'istiod')]);

      expect(await events(['deployment/istiod'])).toEqual([]);
      await expect(events(['pod/istiod'])).rejects.toThrow('pod/istiod');
    });
  });
}
