import type { Fleet } from '../../config/fleet.ts';
import type { UpgradeRequest } from '../../config/upgrade.ts';
import type { Diagnostic } from '../diagnostics.ts';
import type { ServiceProvider } from '../ports/service-provider.ts';
import type { RepoSnapshot } from '../repo/repo-snapshot.ts';
import { emptyArray } from '../util/mapped.ts';
import { ClusterSteps } from './cluster-steps.ts';
import { ManifestCache } from './manifest-cache.ts';
import { clusterFiles, expandedTemplates } from './plan-cluster.ts';
import type { PlanSites } from './plan-sites.ts';
import type { Plan, Unassigned, WavePlan } from './plan-types.ts';
import { VersionVerdicts } from './version-verdicts.ts';
import { waveEdits } from './wave-edits.ts';

export interface PlanInput {
  fleet: Fleet;
  request: UpgradeRequest;
  provider: ServiceProvider;
  repo: RepoSnapshot;
  sites: PlanSites;
  /** Shared across the requests of one run so each file is parsed once. */
  manifests?: ManifestCache;
}

/**
 * The rollout plan for one request: waves in order with their clusters, each cluster's fields with
 * current → target versions, clusters already at the target, clusters in no wave, and the exact
 * text of every file each wave's MR will change. Pure: reads only `repo`.
 */
export function planRequest(input: PlanInput): Plan {
  const { fleet, request, provider } = input;
  const service = fleet.services[request.service]!;
  const strategy = request.strategy ?? provider.strategies[0] ?? 'in-place';
  const manifests = input.manifests ?? new ManifestCache(input.repo);
  const charts = provider.charts(service);
  const filesSite = () => input.sites.fleet(['services', request.service, 'files']);
  const diagnostics: Diagnostic[] = [];
  const waves: WavePlan[] = resolveWaves(fleet, request).map((w, i) => ({
    index: i + 1,
    ...w,
    clusters: emptyArray(),
    edits: [],
  }));
  const waveOf = new Map(waves.map((w) => [w.batch, w]));
  const unassigned: Unassigned[] = [];
  const clusters = new ClusterSteps({
    request,
    verdicts: new VersionVerdicts(provider, request.version, strategy),
    scan: {
      serviceName: request.service,
      templates: service.files,
      charts,
      provider,
      repo: input.repo,
      manifests,
      filesSite,
      to: request.version,
    },
    diagnostics,
    waves,
  });

  // The files are read in this order: a snapshot may read them ahead while earlier ones are parsed.
  const expanded = fleet.clusters.map((c) =>
    waveOf.has(c.batch) ? expandedTemplates(c, service.files) : undefined,
  );
  input.repo.prefetch?.(expanded.flatMap((e) => e ?? []));
  fleet.clusters.forEach((cluster, i) => {
    const wave = waveOf.get(cluster.batch);
    if (wave) clusters.plan(cluster, wave, expanded[i]);
    else unassigned.push({ cluster: cluster.name, batch: cluster.batch });
  });
  const { pathProblems, fileOwner, fieldsByWave, precomputed } = clusters;
  diagnostics.push(...pathProblems.diagnostics(() => input.sites.request(['version'])));
  // A cluster in no wave must not be upgraded through a file it shares with one that is.
  const byName = unassigned.length ? new Map(fleet.clusters.map((c) => [c.name, c])) : undefined;
  for (const u of unassigned) {
    const cluster = byName!.get(u.cluster)!;
    for (const path of clusterFiles(cluster, service.files, input.repo).paths) {
      const owner = fileOwner.get(path);
      if (!owner) continue;
      const message =
        `is shared by cluster '${owner.cluster}' (wave ${owner.wave.index}, ${owner.wave.batch}) and cluster '${u.cluster}', ` +
        `which is in no wave of this request; upgrading the file would upgrade it too — give each cluster its own file`;
      diagnostics.push({ file: path, line: 1, col: 1, message, severity: 'error' });
    }
  }
  for (const wave of waves) {
    const result = waveEdits(
      fieldsByWave.get(wave) ?? { fields: [], changes: [] },
      request.version,
      input.repo,
      precomputed,
    );
    wave.edits = result.edits;
    diagnostics.push(...result.diagnostics);
  }
  return {
    service: request.service,
    provider: provider.id,
    version: request.version,
    strategy,
    waves,
    unassigned,
    diagnostics: unique(diagnostics),
  };
}

/** Clusters sharing a file report its problems once. */
function unique(list: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = `${d.file}:${d.line}:${d.col}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function resolveWaves(fleet: Fleet, request: UpgradeRequest): { batch: string; soak: string }[] {
  if (request.waves)
    return request.waves.map((w) => ({ batch: w.batch, soak: w.soak ?? request.soak.duration }));
  const used = new Set(fleet.clusters.map((c) => c.batch));
  return fleet.batches.filter((b) => used.has(b)).map((batch) => ({ batch, soak: request.soak.duration }));
}
