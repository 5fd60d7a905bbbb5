import type { ProviderLookup, ServiceProvider } from '../../src/ports/service-provider.ts';
import { certManager } from './cert-manager.ts';
import { datadogAgent } from './datadog-agent.ts';
import { externalDns } from './external-dns.ts';
import { helm } from './helm.ts';
import { ingressNginx } from './ingress-nginx.ts';
import { istio } from './istio.ts';
import { promtail } from './promtail.ts';

/** Every service provider, by the id fleet.yaml names it with. One line per provider. */
export const serviceProviders: ReadonlyMap<string, ServiceProvider> = new Map<string, ServiceProvider>([
  [certManager.id, certManager],
  [datadogAgent.id, datadogAgent],
  [externalDns.id, externalDns],
  [helm.id, helm],
  [ingressNginx.id, ingressNginx],
  [istio.id, istio],
  [promtail.id, promtail],
]);

export const lookupServiceProvider: ProviderLookup = (id) => serviceProviders.get(id);
