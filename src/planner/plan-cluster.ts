import type { Cluster } from '../../config/fleet.ts';
import type { Diagnostic } from '../diagnostics.ts';
import { findVersionFieldsOfCharts } from '../manifests/find-version-fields.ts';
import type { ManifestFile } from '../manifests/manifest-file.ts';
import type { VersionField } from '../manifests/version-field.ts';
import type { ChartRule, ServiceProvider } from '../ports/service-provider.ts';
import { expandPathTemplate } from '../repo/path-template.ts';
import { matchFiles, type RepoSnapshot } from '../repo/repo-snapshot.ts';
import { mapped } from '../util/mapped.ts';
import type { ManifestCache } from './manifest-cache.ts';
import type { Site } from './plan-sites.ts';
import type { VersionVerdicts } from './version-verdicts.ts';
import { type PrecomputedEdit, precomputeEdits } from './wave-edits.ts';

export interface ClusterScan {
  paths: string[];
  fields: VersionField[];
  diagnostics: Diagnostic[];
  /** Each file's text with this cluster's fields moved to the target, made while its parse is at hand. */
  edited: Map<string, PrecomputedEdit>;
}

export interface ScanInput {
  cluster: Cluster;
  serviceName: string;
  templates: readonly string[];
  charts: readonly ChartRule[];
  provider: ServiceProvider;
  repo: RepoSnapshot;
  manifests: ManifestCache;
  /** The version the request moves to. */
  to: string;
  /** Where the service's `files` templates are in fleet.yaml (looked up only when needed). */
  filesSite: () => Site;
  /** The provider's answers about versions, shared by the clusters of one request. */
  verdicts?: VersionVerdicts;
  /** The cluster's templates already filled in (expandedTemplates), when the caller has them. */
  expanded?: string[] | undefined;
}

/** A cluster's file templates with its values filled in (a template naming a value it lacks drops out). */
export function expandedTemplates(cluster: Cluster, templates: readonly string[]): string[] {
  const values = {
    cluster: cluster.name,
    environment: cluster.environment,
    batch: cluster.batch,
    ...(cluster.region ? { region: cluster.region } : {}),
  };
  const expanded = mapped(templates, (t) => expandPathTemplate(t, values));
  return expanded.includes(undefined)
    ? expanded.filter((t): t is string => t !== undefined)
    : (expanded as string[]);
}

/**
 * A cluster's file templates with its values filled in (`known`, when the caller has them already),
 * and the repo files they match.
 */
export function clusterFiles(
  cluster: Cluster,
  templates: readonly string[],
  repo: RepoSnapshot,
  known?: string[],
): { expanded: string[]; paths: string[] } {
  const expanded = known ?? expandedTemplates(cluster, templates);
  // One template (the usual case) lists its files sorted and once each already.
  if (expanded.length === 1) return { expanded, paths: matchFiles(repo, expanded[0]!) };
  return { expanded, paths: [...new Set(expanded.flatMap((t) => matchFiles(repo, t)))].sort() };
}

/** The names of a request's charts, worked out once per request rather than once per cluster. */
const chartNames = new WeakMap<readonly ChartRule[], string[]>();

function namesOf(charts: readonly ChartRule[]): string[] {
  let names = chartNames.get(charts);
  if (!names) {
    names = mapped(charts, (c) => c.name);
    chartNames.set(charts, names);
  }
  return names;
}

/** Finds a cluster's files for a service and every version field in them, with what is wrong. */
export function scanCluster(input: ScanInput): ClusterScan {
  const { cluster, serviceName } = input;
  const { expanded, paths } = clusterFiles(cluster, input.templates, input.repo, input.expanded);
  const diagnostics: Diagnostic[] = [];
  const error = (site: Site, message: string, field?: string) =>
    diagnostics.push({
      file: site.file,
      line: site.line,
      col: site.col,
      ...(field ? { field } : {}),
      message,
      severity: 'error',
    });
  if (paths.length === 0) {
    error(
      input.filesSite(),
      `cluster '${cluster.name}' has no file matching ${expanded.join(' or ') || input.templates.join(' or ')}`,
      `services.${serviceName}.files`,
    );
    return { paths, fields: [], diagnostics, edited: new Map() };
  }
  const files: ManifestFile[] = [];
  for (const p of paths) {
    const entry = input.manifests.get(p);
    if (entry.file) files.push(entry.file);
    diagnostics.push(...entry.diagnostics);
  }
  const fields: VersionField[] = [];
  const byChart = findVersionFieldsOfCharts(files, namesOf(input.charts));
  for (const chart of input.charts) {
    const found = byChart.get(chart.name)!;
    diagnostics.push(...found.diagnostics);
    if (
      found.fields.length === 0 &&
      found.diagnostics.length === 0 &&
      chart.required &&
      files.length === paths.length
    ) {
      const where = paths.length === 1 ? `${paths[0]}` : `any of ${paths.join(', ')}`;
      error(
        { file: paths[0]!, line: 1, col: 1 },
        `no HelmRelease, Argo CD Application or Kustomization in ${where} sets chart '${chart.name}' (cluster '${cluster.name}', service '${serviceName}')`,
      );
    }
    if (found.fields.length > 1 && !chart.multiple) {
      const [first, ...rest] = found.fields;
      for (const f of rest) {
        error(
          f,
          `${f.resource}: a second version field for chart '${chart.name}' in cluster '${cluster.name}' (the first is ${first!.resource} at ${first!.file}:${first!.line}:${first!.col}); GUARD edits exactly one`,
          f.field,
        );
      }
      continue;
    }
    for (const f of found.fields) {
      const why = input.verdicts ? input.verdicts.check(f.value) : input.provider.checkVersion(f.value);
      if (why)
        error(
          f,
          `${f.resource}: ${why}; GUARD needs a pinned version to upgrade from and roll back to`,
          f.field,
        );
      else fields.push(f);
    }
  }
  return {
    paths,
    fields,
    diagnostics,
    edited: precomputeEdits(files, fields, input.to),
  };
}
