import type { Fleet } from '../../config/fleet.ts';
import type { UpgradeRequest } from '../../config/upgrade.ts';
import type { Diagnostic } from '../diagnostics.ts';
import type { VersionField } from '../manifests/version-field.ts';
import type { ServiceProvider } from '../ports/service-provider.ts';
import type { RepoSnapshot } from '../repo/repo-snapshot.ts';
import { listOf } from '../suggest.ts';
import { ManifestCache } from './manifest-cache.ts';
import { clusterFiles, expandedTemplates, scanCluster } from './plan-cluster.ts';
import type { PlanSites } from './plan-sites.ts';
import {
  type ClusterPlan,
  type Plan,
  type PlannedField,
  plannedField,
  type Unassigned,
  type WavePlan,
} from './plan-types.ts';
import { VersionVerdicts } from './version-verdicts.ts';
import { type PrecomputedEdit, waveEdits } from './wave-edits.ts';

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
  const pathProblems = new ProblemGroups();
  const waves: WavePlan[] = resolveWaves(fleet, request).map((w, i) => ({
    index: i + 1,
    ...w,
    clusters: [],
    edits: [],
  }));
  const waveOf = new Map(waves.map((w) => [w.batch, w]));
  const unassigned: Unassigned[] = [];
  const fieldsByWave = new Map<WavePlan, VersionField[]>();
  const precomputed = new Map<string, PrecomputedEdit>();
  const fileOwner = new Map<string, { cluster: string; wave: WavePlan }>();
  /** Each field's planned change, shared by its cluster's entry and its wave's edit. */
  const plannedOf = new Map<VersionField, PlannedField>();
  const verdicts = new VersionVerdicts(provider, request.version, strategy);

  // The files are read in this order: a snapshot may read them ahead while earlier ones are parsed.
  input.repo.prefetch?.(
    fleet.clusters.flatMap((c) => (waveOf.has(c.batch) ? expandedTemplates(c, service.files) : [])),
  );
  for (const cluster of fleet.clusters) {
    const wave = waveOf.get(cluster.batch);
    if (!wave) {
      unassigned.push({ cluster: cluster.name, batch: cluster.batch });
      continue;
    }
    const scan = scanCluster({
      cluster,
      serviceName: request.service,
      templates: service.files,
      charts,
      provider,
      repo: input.repo,
      manifests,
      filesSite,
      to: request.version,
      verdicts,
    });
    for (const [path, edit] of scan.edited) if (!precomputed.has(path)) precomputed.set(path, edit);
    diagnostics.push(...scan.diagnostics);
    const planned: PlannedField[] = [];
    let pending = 0;
    for (const f of scan.fields) {
      const change = plannedField(f, request.version);
      plannedOf.set(f, change);
      planned.push(change);
      const { order, skew } = verdicts.step(f.value);
      if (order === 0) continue;
      if (order > 0 && !request.allowDowngrade) {
        pathProblems.add(
          `${request.version} is lower than ${f.value}; set allowDowngrade: true to go down`,
          cluster.name,
          f,
        );
      }
      if (skew) pathProblems.add(skew, cluster.name, f);
      pending += 1;
      const owner = fileOwner.get(f.file);
      if (owner && owner.wave !== wave) {
        diagnostics.push(sharedFile(f, owner, cluster.name, wave));
      } else {
        fileOwner.set(f.file, { cluster: cluster.name, wave });
        const list = fieldsByWave.get(wave);
        if (list) list.push(f);
        else fieldsByWave.set(wave, [f]);
      }
    }
    const status = scan.diagnostics.length ? 'error' : pending === 0 ? 'at-target' : 'upgrade';
    const entry: ClusterPlan = {
      cluster: cluster.name,
      batch: cluster.batch,
      environment: cluster.environment,
      status,
      fields: planned,
    };
    if (planned[0]) entry.from = planned[0].from;
    wave.clusters.push(entry);
  }
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
      fieldsByWave.get(wave) ?? [],
      request.version,
      input.repo,
      precomputed,
      plannedOf,
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

function sharedFile(
  f: VersionField,
  owner: { cluster: string; wave: WavePlan },
  cluster: string,
  wave: WavePlan,
): Diagnostic {
  return {
    file: f.file,
    line: f.line,
    col: f.col,
    field: f.field,
    message:
      `${f.resource} is shared by cluster '${owner.cluster}' (wave ${owner.wave.index}, ${owner.wave.batch}) and cluster '${cluster}' ` +
      `(wave ${wave.index}, ${wave.batch}); GUARD cannot upgrade them in separate waves — give each cluster its own file`,
    severity: 'error',
  };
}

/** Upgrade-path problems grouped by message, so one bad request yields one line, not one per cluster. */
class ProblemGroups {
  readonly #groups = new Map<string, { clusters: Set<string>; first: VersionField }>();

  add(message: string, cluster: string, field: VersionField): void {
    const group = this.#groups.get(message);
    if (group) group.clusters.add(cluster);
    else this.#groups.set(message, { clusters: new Set([cluster]), first: field });
  }

  diagnostics(at: () => { file: string; line: number; col: number }): Diagnostic[] {
    if (this.#groups.size === 0) return [];
    const site = at();
    return [...this.#groups].map(([message, { clusters, first }]) => ({
      file: site.file,
      line: site.line,
      col: site.col,
      field: 'version',
      message: `${message} — on ${clusters.size === 1 ? 'cluster' : `${clusters.size} clusters:`} ${listOf([...clusters], 8)} (${first.file}:${first.line}:${first.col})`,
      severity: 'error' as const,
    }));
  }
}
