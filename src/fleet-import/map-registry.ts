import { Name } from '../../config/common.ts';
import { EksCluster } from '../../config/fleet.ts';
import { readAttributes } from './registry-attributes.ts';

/** One item of a cluster registry table, its attribute values already decoded (strings, numbers, maps). */
export type RegistryItem = Readonly<Record<string, unknown>>;

/** A fleet.yaml cluster entry made from one registry item. */
export interface ImportedCluster {
  name: string;
  batch: string;
  environment: string;
  region: string;
  eks: { name: string; roleArn?: string };
  /** What the table says the cluster runs; GUARD reads versions from the repository, so it is only reported. */
  currentVersion?: string;
  /** 0-based index of the item in scan order. */
  item: number;
}

/** An item that did not become a cluster, and why. */
export interface SkippedItem {
  item: number;
  /** The item's cluster name as the table wrote it, when it has one. */
  label?: string;
  reason: string;
}

export interface RegistryMapping {
  clusters: ImportedCluster[];
  skipped: SkippedItem[];
  /** Things people should know that changed nothing (renames, ignored attributes, missing roles). */
  notes: string[];
}

const NAME_RULE =
  '1–63 lowercase letters, digits, ".", "_" or "-", starting and ending with a letter or digit';

/**
 * Maps the items of a cluster registry table (the layout docs/fleet-import.md describes) onto
 * fleet.yaml clusters. Pure: every item either becomes one EKS cluster entry or is reported with
 * the reason, so nothing is dropped silently.
 */
export function mapRegistry(items: readonly RegistryItem[]): RegistryMapping {
  const out: RegistryMapping = { clusters: [], skipped: [], notes: [] };
  const seen = new Map<string, number>();
  const ignored = new Set<string>();
  items.forEach((raw, item) => {
    const attrs = readAttributes(raw);
    for (const name of attrs.ignored) ignored.add(name);
    const mapped = mapItem(attrs.values, item, out.notes);
    if ('reason' in mapped) {
      out.skipped.push(mapped);
      return;
    }
    const first = seen.get(mapped.name);
    if (first !== undefined) {
      out.skipped.push({
        item,
        label: mapped.name,
        reason: `cluster '${mapped.name}' is also item ${first + 1}`,
      });
      return;
    }
    seen.set(mapped.name, item);
    out.clusters.push(mapped);
  });
  if (ignored.size)
    out.notes.push(`ignored attributes (not part of fleet.yaml): ${[...ignored].sort().join(', ')}`);
  return out;
}

type Values = ReturnType<typeof readAttributes>['values'];

function mapItem(v: Values, item: number, notes: string[]): ImportedCluster | SkippedItem {
  const label = text(v.name);
  const skip = (reason: string): SkippedItem => ({ item, ...(label ? { label } : {}), reason });
  if (!label) return skip('no cluster name (attribute cluster_name)');
  const name = safeName(label, 'cluster name', notes);
  if (!name) return skip(`cluster name '${label}' must be ${NAME_RULE}`);
  const batchText = text(v.batch);
  if (!batchText) return skip('no batch (attribute batch)');
  const batch = safeName(batchText, `batch of '${name}'`, notes);
  if (!batch) return skip(`batch '${batchText}' must be ${NAME_RULE}`);
  const envText = text(v.environment);
  if (!envText) return skip('no environment (attribute environment)');
  const environment = safeName(envText, `environment of '${name}'`, notes);
  if (!environment) return skip(`environment '${envText}' must be ${NAME_RULE}`);
  const region = text(v.region);
  if (!region) return skip('no region (attribute region): EKS access needs one');
  const eksName = text(v.eksName) ?? label;
  const role = roleOf(v, name);
  if (typeof role === 'object') return skip(role.reason);
  const eks = { name: eksName, ...(role ? { roleArn: role } : {}) };
  const checked = EksCluster.safeParse({ ...eks, region });
  if (!checked.success)
    return skip(`region '${region}' ${checked.error.issues[0]?.message ?? 'is not valid'}`);
  if (!role && text(v.account))
    notes.push(
      `'${name}': account ${account(v.account)} has no role ARN; GUARD will reach it with its own credentials`,
    );
  const currentVersion = versionText(v.version);
  return { name, batch, environment, region, eks, ...(currentVersion ? { currentVersion } : {}), item };
}

/** A role ARN checked against its shape and against the item's account, when the table has both. */
function roleOf(v: Values, name: string): string | undefined | { reason: string } {
  const role = text(v.roleArn);
  if (!role) return undefined;
  const shape = EksCluster.shape.roleArn.safeParse(role);
  if (!shape.success)
    return { reason: `role ARN '${role}' ${shape.error.issues[0]?.message ?? 'is not valid'}` };
  const owner = role.split(':')[4];
  const declared = text(v.account) === undefined ? undefined : account(v.account);
  if (declared && owner !== declared)
    return { reason: `'${name}': role ARN is in account ${owner} but the item's account is ${declared}` };
  return role;
}

/** Valid names pass; names that are valid once lower-cased and trimmed are renamed with a note. */
function safeName(value: string, what: string, notes: string[]): string | undefined {
  if (Name.safeParse(value).success) return value;
  const lowered = value.trim().toLowerCase();
  if (!Name.safeParse(lowered).success) return undefined;
  notes.push(`${what} '${value}' written as '${lowered}'`);
  return lowered;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return undefined;
}

/** Account ids stored as numbers lose their leading zeros; AWS account ids have 12 digits. */
function account(value: unknown): string {
  const digits = text(value) ?? '';
  return /^\d+$/.test(digits) ? digits.padStart(12, '0') : digits;
}

/** `1.20.1`, or a map of service → version (`{ istio: 1.20.1 }`) as `istio 1.20.1`. */
function versionText(value: unknown): string | undefined {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const parts = Object.entries(value)
      .map(([k, v]) => [k, text(v)] as const)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k} ${v}`);
    return parts.length ? parts.sort().join(', ') : undefined;
  }
  return text(value);
}
