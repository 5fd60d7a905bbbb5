import { FLEET_FILE, type LoadedFleet, loadFleet } from '../../config/load/load-fleet.ts';
import { type LoadedRequest, loadRequests, REQUEST_FILE } from '../../config/load/load-requests.ts';
import { type Diagnostic, sortDiagnostics } from '../diagnostics.ts';
import type { ProviderLookup } from '../ports/service-provider.ts';
import { FileIndex } from '../repo/file-index.ts';
import type { RepoSnapshot } from '../repo/repo-snapshot.ts';
import { listOf } from '../suggest.ts';
import { positionOfPath } from '../yaml/locate.ts';
import { ManifestCache } from './manifest-cache.ts';
import { planRequest } from './plan-request.ts';
import type { PlanSites } from './plan-sites.ts';
import type { Plan } from './plan-types.ts';

export interface PlanRepoInput {
  repo: RepoSnapshot;
  providers: ProviderLookup;
  providerIds: readonly string[];
  /** Plan only this service's request. */
  service?: string;
}

export interface RepoPlan {
  plans: Plan[];
  /** Every problem in the fleet file, the request file and the files they name, sorted. */
  diagnostics: Diagnostic[];
  requests: LoadedRequest[];
}

/** Loads guard/fleet.yaml and guard/upgrade.yaml from `repo`, validates both and plans every request. */
export function planRepo(input: PlanRepoInput): RepoPlan {
  const fleetText = input.repo.read(FLEET_FILE);
  if (fleetText === undefined) {
    return {
      plans: [],
      requests: [],
      diagnostics: [
        {
          file: FLEET_FILE,
          line: 1,
          col: 1,
          message: 'not found: GUARD needs the fleet registry here (see DESIGN section 1)',
          severity: 'error',
        },
      ],
    };
  }
  const fleet = loadFleet({ text: fleetText, providers: input.providers, providerIds: input.providerIds });
  const diagnostics: Diagnostic[] = [...fleet.diagnostics];
  const requestText = input.repo.read(REQUEST_FILE);
  if (requestText === undefined || !fleet.loaded)
    return { plans: [], requests: [], diagnostics: sortDiagnostics(diagnostics) };
  const loaded = loadRequests({
    text: requestText,
    fleet: fleet.loaded.fleet ? fleet.loaded.index : undefined,
    providers: input.providers,
  });
  diagnostics.push(...loaded.diagnostics);
  const requests = loaded.requests.filter(
    (r) => input.service === undefined || r.request.service === input.service,
  );
  if (input.service !== undefined && requests.length === 0 && loaded.diagnostics.length === 0) {
    diagnostics.push({
      file: REQUEST_FILE,
      line: 1,
      col: 1,
      message: `no request for service '${input.service}' (requests: ${listOf(loaded.requests.map((r) => r.request.service)) || 'none'})`,
      severity: 'error',
    });
  }
  const plans = fleet.loaded.fleet ? planAll(input, fleet.loaded, requests) : [];
  for (const plan of plans) diagnostics.push(...plan.diagnostics);
  return { plans, requests, diagnostics: sortDiagnostics(diagnostics) };
}

function planAll(input: PlanRepoInput, fleet: LoadedFleet, requests: LoadedRequest[]): Plan[] {
  const index = new FileIndex(input.repo.paths());
  const manifests = new ManifestCache(input.repo);
  return requests.map((loaded) => {
    const sites: PlanSites = {
      request: (path) => ({ file: loaded.yaml.file, ...positionOfPath(loaded.yaml, loaded.doc, path) }),
      fleet: (path) => fleet.position(path),
    };
    const provider = input.providers(fleet.fleet!.services[loaded.request.service]!.provider)!;
    const plan = planRequest({
      fleet: fleet.fleet!,
      request: loaded.request,
      provider,
      repo: input.repo,
      sites,
      index,
      manifests,
    });
    if (plan.unassigned.length) {
      const site = sites.request(loaded.request.waves ? ['waves'] : ['service']);
      const names = plan.unassigned.map((u) => `${u.cluster} (${u.batch})`);
      plan.diagnostics.push({
        ...site,
        field: loaded.request.waves ? 'waves' : 'service',
        message: `${plan.unassigned.length} cluster${plan.unassigned.length === 1 ? ' is' : 's are'} in no wave of the ${plan.service} request: ${listOf(names)}`,
        severity: 'warning',
      });
    }
    return plan;
  });
}
