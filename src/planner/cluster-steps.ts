import type { Cluster } from '../../config/fleet.ts';
import type { UpgradeRequest } from '../../config/upgrade.ts';
import type { Diagnostic } from '../diagnostics.ts';
import type { VersionField } from '../manifests/version-field.ts';
import { listOf } from '../suggest.ts';
import { emptyArray, mapped } from '../util/mapped.ts';
import { fileEdit } from './file-edit.ts';
import { type ScanInput, scanCluster } from './plan-cluster.ts';
import {
  type ClusterPlan,
  type FileEdit,
  type PlannedField,
  plannedField,
  type WavePlan,
} from './plan-types.ts';
import type { VersionVerdicts } from './version-verdicts.ts';
import type { WaveFields } from './wave-edits.ts';

export interface ClusterStepsInput {
  request: UpgradeRequest;
  verdicts: VersionVerdicts;
  /** What scanning any cluster of the request takes (scanCluster), the cluster aside. */
  scan: Omit<ScanInput, 'cluster' | 'verdicts' | 'expanded'>;
  /** The plan's diagnostics, added to as clusters are planned. */
  diagnostics: Diagnostic[];
  /** The request's waves, each with its fields (none yet). */
  waves: readonly WavePlan[];
}

/**
 * Plans a request's clusters one at a time (planRequest calls `plan` for each cluster in a wave),
 * gathering what the waves' edits and diagnostics are made of afterwards: each file's precomputed
 * edit, each field's planned change, which cluster and wave own a file, upgrade-path problems.
 */
export class ClusterSteps {
  readonly pathProblems = new ProblemGroups();
  /** Each wave's fields, with the planned change its cluster's entry shares with the wave's edit. */
  readonly fieldsByWave = new Map<WavePlan, WaveFields>();
  /** Each file's edit as its cluster plans it, confirmed while the file's documents were at hand. */
  readonly precomputed = new Map<string, FileEdit>();
  readonly fileOwner = new Map<string, { cluster: string; wave: WavePlan }>();
  readonly #input: ClusterStepsInput;

  constructor(input: ClusterStepsInput) {
    this.#input = input;
    for (const wave of input.waves)
      this.fieldsByWave.set(wave, { fields: emptyArray(), changes: emptyArray() });
  }

  /** Scans `cluster`'s files (its templates filled in: `expanded`) and adds its entry to `wave`. */
  plan(cluster: Cluster, wave: WavePlan, expanded?: string[]): void {
    const { request, verdicts, diagnostics } = this.#input;
    const shared = this.#input.scan;
    const scan = scanCluster({
      cluster,
      serviceName: shared.serviceName,
      templates: shared.templates,
      charts: shared.charts,
      provider: shared.provider,
      repo: shared.repo,
      manifests: shared.manifests,
      filesSite: shared.filesSite,
      to: shared.to,
      verdicts,
      expanded,
    });
    for (const d of scan.diagnostics) diagnostics.push(d);
    const planned: PlannedField[] = [];
    let pending = 0;
    for (const f of scan.fields) {
      const change = plannedField(f, request.version);
      planned.push(change);
      const { order, skew } = verdicts.step(f.value);
      if (order === 0) continue;
      if (order > 0 && !request.allowDowngrade) {
        this.pathProblems.add(
          `${request.version} is lower than ${f.value}; set allowDowngrade: true to go down`,
          cluster.name,
          f,
        );
      }
      if (skew) this.pathProblems.add(skew, cluster.name, f);
      pending += 1;
      const owner = this.fileOwner.get(f.file);
      if (owner && owner.wave !== wave) {
        diagnostics.push(sharedFile(f, owner, cluster.name, wave));
      } else {
        this.fileOwner.set(f.file, { cluster: cluster.name, wave });
        const list = this.fieldsByWave.get(wave)!;
        list.fields.push(f);
        list.changes.push(change);
      }
    }
    for (const [path, edit] of scan.edited) {
      if (this.precomputed.has(path)) continue;
      // The changes are the very entries of this cluster's plan, as the wave's edit shares them.
      const changes = mapped(
        edit.fields,
        (f) => planned[scan.fields.indexOf(f)] ?? plannedField(f, request.version),
      );
      this.precomputed.set(path, fileEdit(path, edit.before, edit.fields, changes));
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
