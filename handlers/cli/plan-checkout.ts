import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import { lookupServiceProvider, serviceProviders } from '../../providers/services/api.ts';
import { FLEET_FILE } from '../../src/load/load-fleet.ts';
import { planRepo, type RepoPlan } from '../../src/planner/plan-repo.ts';
import { fsRepo } from './fs-repo.ts';

/**
 * A fleet registry at least this large names a few hundred clusters (a line or a few each):
 * planning it will read ahead on a second thread, which can start while the registry loads.
 */
const LARGE_FLEET_BYTES = 16 * 1024;

/** Validates and plans the checkout at `root` with every registered service provider. */
export function planCheckout(root: string, options: { service?: string } = {}): RepoPlan {
  return planRepo({
    repo: fsRepo(root, { startEarly: sizeOf(join(root, FLEET_FILE)) >= LARGE_FLEET_BYTES }),
    providers: lookupServiceProvider,
    providerIds: [...serviceProviders.keys()],
    ...(options.service ? { service: options.service } : {}),
  });
}

function sizeOf(path: string): number {
  try {
    return lstatSync(path).size;
  } catch {
    return 0;
  }
}
