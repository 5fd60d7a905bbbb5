import { createHash } from 'node:crypto';
import { parseDuration } from '../../config/common.ts';
import type { Fleet, Service } from '../../config/fleet.ts';
import type { UpgradeRequest } from '../../config/upgrade.ts';
import { formatDiagnostic } from '../diagnostics.ts';
import { type LoadedRepo, loadRepo, planLoaded } from '../planner/plan-repo.ts';
import type { Plan } from '../planner/plan-types.ts';
import type { Forge } from '../ports/forge.ts';
import type { ServiceProvider } from '../ports/service-provider.ts';
import type { RepoSnapshot } from '../repo/repo-snapshot.ts';
import type { PlannedWave } from '../rollout/model.ts';
import { type KeptResults, keptAt } from './read-memo.ts';
import { computeAtRef } from './repo-at.ts';

/** The service providers an engine knows, by id. */
export interface ProviderRegistry {
  lookup(id: string): ServiceProvider | undefined;
  ids: readonly string[];
}

/** A service's request as the default branch holds it. */
export type RequestView =
  | { kind: 'absent' }
  | { kind: 'invalid'; problems: string[] }
  | {
      kind: 'present';
      fleet: Fleet;
      service: Service;
      provider: ServiceProvider;
      request: UpgradeRequest;
      digest: string;
      /** Present when asked for: the waves still to upgrade, with every field's from → to. */
      plan?: Plan;
    };

/**
 * Loads guard/fleet.yaml and guard/upgrade.yaml at `ref` and finds `service`'s request; plans it when
 * `withPlan` (that reads the service's files too). A request with errors is `invalid`: the engine
 * holds the rollout as it is rather than guessing, and the push check reports the errors.
 */
export async function readRequest(input: {
  forge: Forge;
  ref: string;
  service: string;
  providers: ProviderRegistry;
  /** Plan too (reads the service's files): always, never, or only when the digest calls for it. */
  withPlan: boolean | ((digest: string) => boolean);
}): Promise<RequestView> {
  const { forge, ref, service, providers } = input;
  // A commit's request never changes: a view read without planning is kept with the commit's reads
  // (read-memo.ts), so a tick does not parse the fleet again for every soaking rollout.
  const kept = keptAt(forge, ref);
  const name = `request-view:${service}`;
  const hit = kept?.get(name) as RequestView | undefined;
  if (hit && !(hit.kind === 'present' && wantsPlan(input.withPlan, hit.digest))) return hit;
  let planned = false;
  const view = await computeAtRef(forge, ref, (repo) => {
    const planInput = { repo, providers: providers.lookup, providerIds: providers.ids, service };
    const loaded = loadGuardFiles(repo, providers, kept);
    const found = loaded.requests.find((r) => r.request.service === service);
    const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
    if (!found) {
      const missing = errors.length === 1 && errors[0]!.message.startsWith(`no request for service`);
      if (missing || errors.length === 0) return { kind: 'absent' as const };
      return { kind: 'invalid' as const, problems: errors.map(formatDiagnostic) };
    }
    if (errors.length > 0 || !loaded.fleet) {
      return { kind: 'invalid' as const, problems: errors.map(formatDiagnostic) };
    }
    const fleet = loaded.fleet;
    const svc = fleet.services[service]!;
    const view = {
      kind: 'present' as const,
      fleet,
      service: svc,
      provider: providers.lookup(svc.provider)!,
      request: found.request,
      digest: requestDigest(found.request),
    };
    if (!wantsPlan(input.withPlan, view.digest)) return view;
    planned = true;
    const result = planLoaded(planInput, { ...loaded, requests: [found] });
    const problems = result.diagnostics.filter((d) => d.severity === 'error');
    if (problems.length > 0) return { kind: 'invalid' as const, problems: problems.map(formatDiagnostic) };
    return { ...view, plan: result.plans[0] };
  });
  // A planned view depends on more than the guard files: only an unplanned one is kept.
  if (kept && !planned) kept.set(name, view, 1_000);
  return view;
}

/**
 * guard/fleet.yaml and guard/upgrade.yaml at a commit, parsed and checked once for every service
 * and the tick's discovery (kept with the commit's reads when `kept` is given; treat as read-only).
 */
export function loadGuardFiles(
  repo: RepoSnapshot,
  providers: ProviderRegistry,
  kept: KeptResults | undefined,
): LoadedRepo {
  const hit = kept?.get(LOADED) as LoadedRepo | undefined;
  if (hit) return hit;
  let chars = 0;
  const counted: RepoSnapshot = {
    list: (dir) => repo.list(dir),
    read: (path) => {
      const text = repo.read(path);
      chars += text?.length ?? 0;
      return text;
    },
  };
  const loaded = loadRepo({ repo: counted, providers: providers.lookup, providerIds: providers.ids });
  // loadRepo reads only the guard files, which computeAtRef fetches before its first round: this
  // result is complete. Parsed YAML takes a few times its text's size.
  kept?.set(LOADED, loaded, 4 * chars);
  return loaded;
}

const LOADED = 'guard-files';

function wantsPlan(withPlan: boolean | ((digest: string) => boolean), digest: string): boolean {
  return typeof withPlan === 'function' ? withPlan(digest) : withPlan;
}

/** A request's identity: its data (not its comments or layout), so a reformatted file is the same attempt. */
export function requestDigest(request: UpgradeRequest): string {
  return createHash('sha256').update(stableJson(request)).digest('hex').slice(0, 16);
}

function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** The plan as decide wants it: waves that still have clusters to upgrade, each cluster's fields. */
export function plannedWaves(plan: Plan): PlannedWave[] {
  return plan.waves
    .map((wave) => ({
      batch: wave.batch,
      soakMs: parseDuration(wave.soak) ?? 3_600_000,
      clusters: wave.clusters
        .filter((c) => c.status === 'upgrade')
        .map((c) => ({
          name: c.cluster,
          environment: c.environment,
          fields: c.fields
            .filter((f) => f.from !== f.to)
            .map(({ file, chart, resource, field, from, to }) => ({
              file,
              chart,
              resource,
              field,
              from,
              to,
            })),
        })),
    }))
    .filter((wave) => wave.clusters.length > 0);
}
