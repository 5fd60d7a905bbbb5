import { describe, expect, it } from 'vitest';
import type { Service } from '../../../config/fleet.ts';
import { datadogAgent } from '../../../providers/services/datadog-agent.ts';
import { daemonSetObject, deploymentObject, providerContext } from './provider-context.ts';

const service: Service = { provider: 'datadog-agent', files: ['clusters/{cluster}/datadog/*.yaml'] };

describe('datadog-agent provider', () => {
  it('bumps the datadog chart and watches the node agent and the Cluster Agent', () => {
    expect(datadogAgent.charts(service)).toEqual([{ name: 'datadog', required: true }]);
    expect(datadogAgent.workloads!(service)).toEqual({
      namespace: 'datadog',
      names: ['daemonset/datadog', 'deployment/datadog-cluster-agent'],
    });
  });

  it('uses no Datadog metrics on a Datadog fleet, because the upgrade disturbs them, and says so', () => {
    const metrics = datadogAgent.soakMetrics!(service, 'datadog');

    expect(metrics).toEqual([]);
    expect(datadogAgent.soakNote).toContain('Upgrading the Datadog Agent disturbs the metrics it reports');
  });

  it('uses kube-state-metrics restarts on a Prometheus fleet, which the agent does not feed', () => {
    const metrics = datadogAgent.soakMetrics!(service, 'prometheus');

    expect(metrics.map((m) => m.name)).toEqual(['container-restarts', 'crashloopbackoff']);
    expect(metrics[0]!.query).toContain('pod=~"datadog-.*|datadog-cluster-agent-.*"');
  });

  it('passes when the agent runs on every node and the Cluster Agent is available', async () => {
    const objects = [
      daemonSetObject('datadog', 'datadog', 8, 8),
      deploymentObject('datadog', 'datadog-cluster-agent'),
    ];

    const outcomes = await datadogAgent.prechecks!(providerContext(service, objects));

    expect(outcomes.map((o) => [o.check, o.status])).toEqual([
      ['agent-on-every-node', 'pass'],
      ['datadog-cluster-agent-available', 'pass'],
    ]);
  });

  it('fails when nodes lack an agent', async () => {
    const objects = [
      daemonSetObject('datadog', 'datadog', 8, 7),
      deploymentObject('datadog', 'datadog-cluster-agent'),
    ];

    const outcomes = await datadogAgent.prechecks!(providerContext(service, objects));

    expect(outcomes.filter((o) => o.status !== 'pass')).toEqual([
      {
        check: 'agent-on-every-node',
        status: 'fail',
        reason: 'datadog is available on 7 of 8 nodes; fix the missing pods before upgrading',
      },
    ]);
  });
});
