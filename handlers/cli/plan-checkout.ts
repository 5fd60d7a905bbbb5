import { lookupServiceProvider, serviceProviders } from '../../providers/services/api.ts';
import { planRepo, type RepoPlan } from '../../src/planner/plan-repo.ts';
import { fsRepo } from './fs-repo.ts';

/** Validates and plans the checkout at `root` with every registered service provider. */
export function planCheckout(root: string, options: { service?: string } = {}): RepoPlan {
  return planRepo({
    repo: fsRepo(root),
    providers: lookupServiceProvider,
    providerIds: [...serviceProviders.keys()],
    ...(options.service ? { service: options.service } : {}),
  });
}
