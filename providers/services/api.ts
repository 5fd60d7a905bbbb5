import type { ProviderLookup, ServiceProvider } from '../../src/ports/service-provider.ts';
import { helm } from './helm.ts';
import { istio } from './istio.ts';

/** Every service provider, by the id fleet.yaml names it with. One line per provider. */
export const serviceProviders: ReadonlyMap<string, ServiceProvider> = new Map<string, ServiceProvider>([
  [helm.id, helm],
  [istio.id, istio],
]);

export const lookupServiceProvider: ProviderLookup = (id) => serviceProviders.get(id);
