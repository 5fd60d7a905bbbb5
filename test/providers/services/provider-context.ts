import type { Service } from '../../../config/fleet.ts';
import type { KubeObject } from '../../../src/ports/clusters.ts';
import type { ProviderContext } from '../../../src/ports/service-provider.ts';
import { createFakeClusters } from '../../fakes/clusters.ts';

/** A provider context on one fake cluster `c1` holding `objects`. */
export function providerContext(service: Service, objects: KubeObject[], to = '1.0.0'): ProviderContext {
  return {
    serviceName: service.provider,
    service,
    cluster: { name: 'c1', batch: 'test', environment: 'test', kubeconfig: { context: 'c1' } },
    to,
    strategy: 'in-place',
    clusters: createFakeClusters({ clusters: { c1: { objects } } }),
  };
}

export function deploymentObject(
  ns: string,
  name: string,
  extra: { replicas?: number; available?: boolean } = {},
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns },
    spec: { replicas: extra.replicas ?? 1 },
    status: {
      conditions: [
        {
          type: 'Available',
          status: extra.available === false ? 'False' : 'True',
          reason: 'MinimumReplicasUnavailable',
        },
      ],
    },
  };
}

export function daemonSetObject(ns: string, name: string, desired: number, available: number): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: ns },
    status: { desiredNumberScheduled: desired, numberAvailable: available },
  };
}
