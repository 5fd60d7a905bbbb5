import type { Diagnostic } from '../diagnostics.ts';
import type { VersionField } from '../manifests/version-field.ts';

/** The planned change of one version field to `to`. */
export function plannedField(f: VersionField, to: string): PlannedField {
  return {
    file: f.file,
    line: f.line,
    col: f.col,
    chart: f.chart,
    resource: f.resource,
    field: f.field,
    from: f.value,
    to,
  };
}

/** One version field of one cluster, with where it is going. */
export interface PlannedField {
  file: string;
  line: number;
  col: number;
  chart: string;
  resource: string;
  field: string;
  from: string;
  to: string;
}

export type ClusterStatus = 'upgrade' | 'at-target' | 'error';

export interface ClusterPlan {
  cluster: string;
  batch: string;
  environment: string;
  status: ClusterStatus;
  /** The cluster's version before the wave: its first chart's (e.g. Istio base/istiod), for rollback. */
  from?: string;
  fields: PlannedField[];
}

/** A file as the wave MR will change it. A plan's edits write `after` when asked (file-edit.ts). */
export interface FileEdit {
  path: string;
  before: string;
  after: string;
  changes: PlannedField[];
  /** The fields spliced, with their positions in `before` (for verifyEdit before writing). */
  fields: VersionField[];
}

export interface WavePlan {
  /** 1-based wave number. */
  index: number;
  batch: string;
  soak: string;
  clusters: ClusterPlan[];
  edits: FileEdit[];
}

/** A cluster that belongs to no wave of the request. */
export interface Unassigned {
  cluster: string;
  batch: string;
}

export interface Plan {
  service: string;
  provider: string;
  version: string;
  strategy: string;
  waves: WavePlan[];
  unassigned: Unassigned[];
  diagnostics: Diagnostic[];
}
