import type { CheckOutcome, ServiceProvider } from '../ports/service-provider.ts';
import type { FieldChange } from '../rollout/model.ts';
import { CHECKS, fail, pass, warn } from './outcome.ts';

/** The provider's skew rules from every version the cluster runs now to the target. */
export function checkUpgradePath(
  provider: ServiceProvider,
  fields: readonly FieldChange[],
  to: string,
  strategy: string,
): CheckOutcome {
  const froms = [...new Set(fields.map((f) => f.from))];
  if (froms.length === 0) return warn(CHECKS.upgradePath, 'no version recorded to upgrade from');
  const refusals = froms.flatMap((from) => provider.checkUpgradePath({ from, to, strategy }) ?? []);
  if (refusals.length > 0) return fail(CHECKS.upgradePath, refusals.join('; '));
  return pass(CHECKS.upgradePath, `${froms.join(', ')} → ${to} (${strategy})`);
}

/**
 * Whether the target supports the cluster's Kubernetes minor. A provider that states no range (a
 * generic Helm chart) has nothing to check: that passes, saying so, rather than warning on every row
 * of every wave and teaching people to ignore warnings. A version the API server did not report is
 * a warning: there is a range, and GUARD could not check it.
 */
export function checkKubernetesSupport(
  provider: ServiceProvider,
  to: string,
  kubernetesVersion: string | undefined,
): CheckOutcome {
  if (!provider.checkKubernetes)
    return pass(CHECKS.kubernetes, `no Kubernetes range stated by the ${provider.id} provider`);
  const minor = kubernetesVersion ? /^v?(\d+\.\d+)/.exec(kubernetesVersion)?.[1] : undefined;
  if (!minor) return warn(CHECKS.kubernetes, 'unknown: the API server did not report its Kubernetes version');
  const refusal = provider.checkKubernetes(to, minor);
  if (refusal) return fail(CHECKS.kubernetes, refusal);
  return pass(CHECKS.kubernetes, `${to} supports Kubernetes ${minor}`);
}
