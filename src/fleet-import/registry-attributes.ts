/**
 * The attribute names a cluster registry table may use for each fleet.yaml field. Tables written
 * by hand or by other tools spell them differently (`cluster_name`, `clusterName`, `ClusterName`),
 * so names are compared without case, `_` or `-`; the first spelling listed is the documented one
 * (docs/fleet-import.md).
 */
export const REGISTRY_ATTRIBUTES = {
  name: ['cluster_name', 'name', 'cluster', 'cluster_id'],
  batch: ['batch', 'batch_name', 'wave'],
  environment: ['environment', 'env', 'stage'],
  region: ['region', 'aws_region'],
  account: ['account_id', 'account', 'aws_account_id'],
  roleArn: ['role_arn', 'iam_role_arn', 'assume_role_arn'],
  eksName: ['eks_cluster_name', 'eks_name'],
  version: ['current_version', 'version', 'current_versions', 'versions'],
} as const;

export type RegistryField = keyof typeof REGISTRY_ATTRIBUTES;

const KNOWN = new Set(Object.values(REGISTRY_ATTRIBUTES).flatMap((names) => names.map(squash)));

function squash(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * The item's value for each field — where an item has two spellings of one field, the one listed
 * first above wins — and the attributes no field uses.
 */
export function readAttributes(item: Readonly<Record<string, unknown>>): {
  values: Partial<Record<RegistryField, unknown>>;
  ignored: string[];
} {
  const bySquashed = new Map(Object.entries(item).map(([k, v]) => [squash(k), v] as const));
  const values: Partial<Record<RegistryField, unknown>> = {};
  for (const [field, names] of Object.entries(REGISTRY_ATTRIBUTES) as [RegistryField, readonly string[]][]) {
    const found = names.map(squash).find((n) => bySquashed.has(n));
    if (found !== undefined) values[field] = bySquashed.get(found);
  }
  const ignored = Object.keys(item).filter((k) => !KNOWN.has(squash(k)));
  return { values, ignored };
}
