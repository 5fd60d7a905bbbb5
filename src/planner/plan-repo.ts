import type { Fleet } from '../../config/fleet.ts';
import { type Diagnostic, sortDiagnostics } from '../diagnostics.ts';
import { FLEET_FILE, type LoadedFleet, loadFleet } from '../load/load-fleet.ts';
import { type LoadedRequest, loadRequests, REQUEST_FILE } from '../load/load-requests.ts';
import type { ProviderLookup } from '../ports/service-provider.ts';
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

/** guard/fleet.yaml and guard/upgrade.yaml, read and checked; `fleet` is set only when it is valid. */
export interface LoadedRepo {
  fleet?: Fleet;
  loadedFleet?: LoadedFleet;
  requests: LoadedRequest[];
  diagnostics: Diagnostic[];
}

/** Loads guard/fleet.yaml and guard/upgrade.yaml from `repo`, validates both and plans every request. */
export function planRepo(input: PlanRepoInput): RepoPlan {
  return planLoaded(input, loadRepo(input));
}

/** Reads and checks the two GUARD files, with every problem found. */
export function loadRepo(input: PlanRepoInput): LoadedRepo {
  const fleetText = input.repo.read(FLEET_FILE);
  if (fleetText === undefined) {
    const message = 'not found: GUARD needs the fleet registry here (see DESIGN section 1)';
    return { requests: [], diagnostics: [{ file: FLEET_FILE, line: 1, col: 1, message, severity: 'error' }] };
  }
  const fleet = loadFleet({ text: fleetText, providers: input.providers, providerIds: input.providerIds });
  const diagnostics: Diagnostic[] = [...fleet.diagnostics];
  const valid = fleet.loaded?.fleet;
  const fleetPart = {
    ...(valid ? { fleet: valid } : {}),
    ...(fleet.loaded ? { loadedFleet: fleet.loaded } : {}),
  };
  const requestText = input.repo.read(REQUEST_FILE);
  if (requestText === undefined) return { ...fleetPart, requests: [], diagnostics };
  // Requests are schema-checked even when the fleet is broken; only fleet cross-checks need it valid.
  const loaded = loadRequests({
    text: requestText,
    fleet: valid ? fleet.loaded!.index : undefined,
    providers: input.providers,
  });
  diagnostics.push(...loaded.diagnostics);
  const requests = loaded.requests.filter(
    (r) => input.service === undefined || r.request.service === input.service,
  );
  if (input.service !== undefined && requests.length === 0 && loaded.diagnostics.length === 0) {
    const known = listOf(loaded.requests.map((r) => r.request.service)) || 'none';
    const message = `no request for service '${input.service}' (requests: ${known})`;
    diagnostics.push({ file: REQUEST_FILE, line: 1, col: 1, message, severity: 'error' });
  }
  return { ...fleetPart, requests, diagnostics };
}

/** Plans every loaded request (none when the fleet has errors). */
export function planLoaded(input: PlanRepoInput, loaded: LoadedRepo): RepoPlan {
  const diagnostics = [...loaded.diagnostics];
  const plans =
    loaded.fleet && loaded.loadedFleet
      ? planAll(input, loaded.fleet, loaded.loadedFleet, loaded.requests)
      : [];
  for (const plan of plans) diagnostics.push(...plan.diagnostics);
  return { plans, requests: loaded.requests, diagnostics: sortDiagnostics(diagnostics) };
}

function planAll(
  input: PlanRepoInput,
  fleet: Fleet,
  loadedFleet: LoadedFleet,
  requests: LoadedRequest[],
): Plan[] {
  const manifests = new ManifestCache(input.repo);
  return requests.map((loaded) => {
    const sites: PlanSites = {
      request: (path) => ({ file: loaded.yaml.file, ...positionOfPath(loaded.yaml, loaded.doc, path) }),
      fleet: (path) => loadedFleet.position(path),
    };
    const provider = input.providers(fleet.services[loaded.request.service]!.provider)!;
    const plan = planRequest({
      fleet,
      request: loaded.request,
      provider,
      repo: input.repo,
      sites,
      manifests,
    });
    if (plan.unassigned.length) {
      const field = loaded.request.waves ? 'waves' : 'service';
      const names = plan.unassigned.map((u) => `${u.cluster} (${u.batch})`);
      const count = plan.unassigned.length;
      const message = `${count} cluster${count === 1 ? ' is' : 's are'} in no wave of the ${plan.service} request: ${listOf(names)}`;
      plan.diagnostics.push({ ...sites.request([field]), field, message, severity: 'warning' });
    }
    return plan;
  });
}
