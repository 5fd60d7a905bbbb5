import { CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import type { AppliedStatus, KubeObject, ReleaseRef } from '../../../src/ports/clusters.ts';
import { applicationApplied } from './application-applied.ts';
import { statusOf } from './failure-reason.ts';
import { helmReleaseApplied } from './helm-release-applied.ts';
import { getJson } from './raw-get.ts';

const GROUPS = {
  HelmRelease: { group: 'helm.toolkit.fluxcd.io', plural: 'helmreleases', judge: helmReleaseApplied },
  Application: { group: 'argoproj.io', plural: 'applications', judge: applicationApplied },
} as const;

/** The group's preferred version as the cluster serves it: Flux installs differ (v2, v2beta2, v2beta1). */
async function preferredVersion(kc: KubeConfig, group: string): Promise<string> {
  type Discovery = { preferredVersion?: { version?: string } };
  const discovery = await getJson<Discovery>(kc, `/apis/${group}`).catch((err: unknown): Discovery => {
    if (statusOf(err) === 404) return {};
    throw err;
  });
  const version = discovery.preferredVersion?.version;
  if (!version) throw new Error(`the API server serves no version of ${group}; is its controller installed?`);
  return version;
}

/** Fetches the HelmRelease or Application and judges it (DESIGN section 6, "Applied"). */
export async function appliedStatus(
  kc: KubeConfig,
  /** The group's served version, remembered per cluster (`ask` runs when it is not known yet). */
  versionOf: (group: string, ask: () => Promise<string>) => Promise<string>,
  release: ReleaseRef,
  target: string,
): Promise<AppliedStatus> {
  const { group, plural, judge } = GROUPS[release.kind];
  const version = versionOf(group, () => preferredVersion(kc, group));
  const api = kc.makeApiClient(CustomObjectsApi);
  try {
    const obj = (await api.getNamespacedCustomObject({
      group,
      version: await version,
      namespace: release.namespace,
      plural,
      name: release.name,
    })) as KubeObject;
    return judge(obj, target);
  } catch (err) {
    if (statusOf(err) !== 404) throw err;
    return { state: 'pending', reason: `${release.kind} ${release.namespace}/${release.name} not found` };
  }
}
