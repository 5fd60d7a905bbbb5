import { defineHelmProvider } from './shared/helm-like.ts';

/**
 * Generic Helm chart: everything comes from fleet.yaml (`chart`, `namespace`, `workloads`,
 * `metrics`), so most services need no code. Its default soak metrics are the container restarts
 * and CrashLoopBackOff of the listed workloads.
 */
export const helm = defineHelmProvider({ id: 'helm', namespace: 'default', workloads: [] });
