import type { ClusterEvents } from '../../../src/analysis/event-section.ts';
import type { WaveEvidence } from '../../../src/analysis/wave-evidence.ts';
import type { ClusterEvent } from '../../../src/ports/clusters.ts';

/** A secret a careless container printed into an event message: it must never reach a model. */
export const LEAKED = 'ghp_LEAKEDtokenLEAKEDtoken0123456789ab';

/** Wave 2 of promtail 6.16.0 (dev), failed on dev-2 with the soak evidence GUARD showed. */
export function sampleEvidence(overrides: Partial<WaveEvidence> = {}): WaveEvidence {
  const field = (cluster: string) => ({
    file: `clusters/${cluster}/promtail.yaml`,
    chart: 'promtail',
    resource: 'HelmRelease/logging/promtail',
    field: 'spec.chart.spec.version',
    from: '6.15.0',
    to: '6.16.0',
  });
  return {
    service: 'promtail',
    version: '6.16.0',
    wave: { index: 2, of: 3, batch: 'dev' },
    mergedAt: '2026-03-02T11:00:00.000Z',
    appliedAt: '2026-03-02T11:01:00.000Z',
    failure: {
      at: '2026-03-02T11:05:00.000Z',
      reason: 'soak failed on cluster dev-2: 3 consecutive failing evaluations',
    },
    clusters: [
      { name: 'dev-2', environment: 'dev', failing: true, failures: 3, passes: 0, fields: [field('dev-2')] },
      { name: 'dev-1', environment: 'dev', failing: false, failures: 0, passes: 4, fields: [field('dev-1')] },
    ],
    moreClusters: 0,
    soak: '### Soak evaluation: promtail 6.16.0, wave 2/3 (dev)\n\n| dev-2 | ❌ fail | error ratio: 4.1% vs baseline 0.2% |',
    workloads: { namespace: 'logging', names: ['daemonset/promtail'] },
    ...overrides,
  };
}

export function sampleEvent(overrides: Partial<ClusterEvent> = {}): ClusterEvent {
  return {
    at: '2026-03-02T11:04:00.000Z',
    type: 'Warning',
    reason: 'BackOff',
    object: 'Pod/promtail-x8k2p',
    message: 'Back-off restarting failed container promtail in pod promtail-x8k2p_logging',
    count: 12,
    ...overrides,
  };
}

export function sampleEvents(): ClusterEvents[] {
  return [
    {
      cluster: 'dev-2',
      events: [
        sampleEvent({
          type: 'Normal',
          reason: 'Pulled',
          message: 'Container image "grafana/promtail:3.0.0" already present',
          count: 1,
          at: '2026-03-02T11:04:30.000Z',
        }),
        sampleEvent(),
        sampleEvent({
          reason: 'Failed',
          message: `Error: loki push failed: token=${LEAKED}`,
          count: 3,
          at: '2026-03-02T11:03:00.000Z',
        }),
      ],
    },
  ];
}
