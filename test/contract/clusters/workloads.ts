import { describe, expect, it } from 'vitest';
import { CLUSTER, type ClustersContractContext } from './context.ts';
import { pod, readyDeployment, workload } from './objects.ts';

const NS = 'istio-system';

/** workloads: readiness as `kubectl rollout status` judges it, restarts and CrashLoopBackOff from pods. */
export function describeWorkloads(ctx: ClustersContractContext): void {
  const one = async (ref: string, namespace = NS) =>
    (await ctx.h.clusters.workloads(CLUSTER, namespace, [ref]))[0];

  describe('workloads', () => {
    it('reports a rolled-out deployment with the restarts of the pods it selects, and only those', async () => {
      ctx.h.seed([
        readyDeployment(NS, 'istiod'),
        pod(NS, 'istiod-7d4b9c8f6-abcde', { app: 'istiod' }, [['discovery', 0]]),
        pod(NS, 'istiod-7d4b9c8f6-fghij', { app: 'istiod' }, [['discovery', 2]]),
        pod(NS, 'gateway-1', { app: 'gateway' }, [['istio-proxy', 40]]),
        pod('other', 'istiod-elsewhere', { app: 'istiod' }, [['discovery', 50]]),
      ]);

      expect(await one('deployment/istiod')).toEqual({
        name: 'deployment/istiod',
        ready: true,
        restarts: 2,
        crashLooping: false,
      });
    });

    it('reports a crash-looping daemonset with fewer pods available than desired, naming the pod', async () => {
      ctx.h.seed([
        workload(
          'DaemonSet',
          'logging',
          'promtail',
          2,
          {},
          {
            observedGeneration: 2,
            desiredNumberScheduled: 3,
            updatedNumberScheduled: 3,
            numberReady: 2,
            numberAvailable: 2,
          },
        ),
        pod('logging', 'promtail-x8k2p', { app: 'promtail' }, [['promtail', 1]]),
        pod('logging', 'promtail-m4n5b', { app: 'promtail' }, [['promtail', 7, 'CrashLoopBackOff']]),
      ]);

      const status = await one('daemonset/promtail', 'logging');

      expect(status).toMatchObject({
        name: 'daemonset/promtail',
        ready: false,
        restarts: 8,
        crashLooping: true,
      });
      expect(status?.reason).toContain('promtail-m4n5b');
    });

    it.each([
      [
        'whose latest generation is not yet observed',
        { observedGeneration: 4, replicas: 2, updatedReplicas: 2, availableReplicas: 2 },
      ],
      [
        'with replicas still on the old template',
        { observedGeneration: 5, replicas: 2, updatedReplicas: 1, availableReplicas: 2 },
      ],
      [
        'with old replicas still terminating',
        { observedGeneration: 5, replicas: 3, updatedReplicas: 2, availableReplicas: 2 },
      ],
      [
        'with fewer replicas available than wanted',
        { observedGeneration: 5, replicas: 2, updatedReplicas: 2, availableReplicas: 1 },
      ],
    ])('reports a deployment %s as not ready, with a reason', async (_, status) => {
      ctx.h.seed([workload('Deployment', NS, 'istiod', 5, { replicas: 2 }, status)]);

      const result = await one('deployment/istiod');

      expect(result).toMatchObject({ ready: false, crashLooping: false });
      expect(result?.reason).toMatch(/\S/);
    });

    it('reads a statefulset, and reports a missing workload without failing the others, in the order asked', async () => {
      ctx.h.seed([
        workload(
          'StatefulSet',
          'logging',
          'loki',
          1,
          { replicas: 1 },
          { observedGeneration: 1, replicas: 1, readyReplicas: 1, updatedReplicas: 1 },
        ),
        pod('logging', 'loki-0', { app: 'loki' }, [['loki', 0]]),
      ]);

      const result = await ctx.h.clusters.workloads(CLUSTER, 'logging', [
        'deployment/absent',
        'statefulset/loki',
      ]);

      expect(result).toEqual([
        {
          name: 'deployment/absent',
          ready: false,
          restarts: 0,
          crashLooping: false,
          reason: expect.stringContaining('not found'),
        },
        { name: 'statefulset/loki', ready: true, restarts: 0, crashLooping: false },
      ]);
    });

    it('rejects a reference that names no workload kind, quoting it', async () => {
      ctx.h.seed([readyDeployment(NS, 'istiod')]);

      await expect(ctx.h.clusters.workloads(CLUSTER, NS, ['pod/istiod'])).rejects.toThrow('pod/istiod');
    });
  });
}
