import type { Clusters, ReleaseRef } from '../ports/clusters.ts';
import type { CheckOutcome } from '../ports/service-provider.ts';
import type { FieldChange } from '../rollout/model.ts';
import { CHECKS, fail, pass, plural, warn } from './outcome.ts';
import { refText, releaseRefOf } from './release-ref.ts';

/**
 * Drift: every GitOps object the wave edits has applied the version Git holds now (the fields'
 * `from`). A pending or failed reconcile means the cluster does not run what Git says, and bumping
 * on top of it would mix two changes in one soak.
 */
export async function checkDrift(
  clusters: Clusters,
  cluster: string,
  fields: readonly FieldChange[],
): Promise<CheckOutcome> {
  if (fields.length === 0) return warn(CHECKS.drift, 'no version fields recorded for this cluster');
  const { targets, unreadable } = driftTargets(fields);
  const problems: string[] = [];
  for (const { ref, version } of targets) {
    const status = await clusters.applied(cluster, ref, version);
    if (status.state !== 'applied')
      problems.push(`${refText(ref)} ${status.state} at ${version}: ${status.reason}`);
  }
  if (problems.length > 0) return fail(CHECKS.drift, problems.join('; '));
  if (unreadable.length > 0) return warn(CHECKS.drift, `not checked: ${unreadable.join('; ')}`);
  return pass(CHECKS.drift, inSync(targets));
}

/** Distinct (object, version) pairs to ask about, and the fields no object can answer for. */
function driftTargets(fields: readonly FieldChange[]): {
  targets: { ref: ReleaseRef; version: string }[];
  unreadable: string[];
} {
  const targets = new Map<string, { ref: ReleaseRef; version: string }>();
  const unreadable = new Set<string>();
  for (const field of fields) {
    const ref = releaseRefOf(field.resource);
    if (typeof ref === 'string') unreadable.add(ref);
    else targets.set(`${refText(ref)}@${field.from}`, { ref, version: field.from });
  }
  return { targets: [...targets.values()], unreadable: [...unreadable] };
}

function inSync(targets: readonly { ref: ReleaseRef; version: string }[]): string {
  const versions = [...new Set(targets.map((t) => t.version))];
  if (targets.length === 1) return `${refText(targets[0]!.ref)} applied at ${versions[0]}`;
  return `${plural(targets.length, 'release')} applied at ${versions.join(', ')}`;
}
