import type { Fleet } from '../../config/fleet.ts';
import type { FleetPorts } from '../../src/engine/deps.ts';
import type { Logger } from '../../src/engine/logger.ts';
import type { Clusters } from '../../src/ports/clusters.ts';
import { createPrechecks } from '../../src/prechecks/create-prechecks.ts';
import { createSoakJudge } from '../../src/verdicts/soak-judge.ts';
import { createSimulatedMetrics, type Regression } from './simulated-metrics.ts';

/**
 * The engine's `portsFor` in the demo: the real prechecks and soak judge over the simulated
 * clusters and Datadog, built once per fleet.yaml content (the engine parses the fleet on every
 * reconcile, so object identity would build them again each time).
 */
export function createDemoPortsFor(input: {
  clusters: Clusters;
  serviceName: string;
  /** Read at every query, so a regression added later takes effect from its `since`. */
  regressions: readonly Regression[];
  log: Logger;
}): (fleet: Fleet) => FleetPorts {
  const built = new Map<string, FleetPorts>();
  return (fleet) => {
    const key = JSON.stringify(fleet);
    let ports = built.get(key);
    if (!ports) {
      const { clusters, log } = input;
      const metrics = createSimulatedMetrics(fleet, input.serviceName, input.regressions);
      const { soak } = createSoakJudge({ metrics, clusters, log });
      const { prechecks } = createPrechecks({ clusters, metrics, log });
      ports = { clusters, metrics, checks: { prechecks, soak } };
      built.set(key, ports);
    }
    return ports;
  };
}
