import { RateLimitedError } from '../../../src/util/rate-limited-error.ts';
import { failureReason } from './failure-reason.ts';
import type { ClusterConfig } from './kube-configs.ts';
import { getJson, HttpStatusError, rawGet } from './raw-get.ts';

/**
 * `/readyz` then `/version`; any failure becomes `ready: false` with a reason rather than a throw.
 * `retrying` runs the probe under the retry policy: a dropped connection is tried again, while
 * /readyz's own answer, whatever its status, is the reading.
 */
export async function apiStatus(
  config: () => Promise<ClusterConfig>,
  cluster: string,
  retrying: <T>(call: () => Promise<T>) => Promise<T> = (call) => call(),
) {
  let c: ClusterConfig | undefined;
  try {
    c = await config();
    const kc = c.kc;
    // verbose: a failing answer then lists each failed check, which makes a useful reason
    const readyz = await retrying(() => rawGet(kc, '/readyz?verbose'));
    if (readyz.status === 401 || readyz.status === 403) {
      return { ready: false, reason: failureReason(c, new HttpStatusError(readyz.status, 'GET /readyz')) };
    }
    if (readyz.status !== 200) {
      return {
        ready: false,
        reason: `${cluster}: /readyz answered ${readyz.status}: ${failingChecks(readyz.body)}`,
      };
    }
    const version = kubeMinor(await retrying(() => getJson<VersionInfo>(kc, '/version')));
    return version ? { ready: true, version } : { ready: true };
  } catch (err) {
    // A limit is no reading of the cluster: the engine comes back after the wait.
    if (err instanceof RateLimitedError) throw err;
    return { ready: false, reason: failureReason(c ?? { cluster, who: 'GUARD' }, err) };
  }
}

interface VersionInfo {
  major?: string;
  minor?: string;
  gitVersion?: string;
}

/** "1.29" from `gitVersion` (`v1.29.3-eks-…`), else from major/minor (EKS reports minor "29+"). */
export function kubeMinor(v: VersionInfo): string | undefined {
  const git = /^v?(\d+)\.(\d+)/.exec(v.gitVersion ?? '');
  if (git) return `${git[1]}.${git[2]}`;
  const major = v.major?.replace(/\D/g, '');
  const minor = v.minor?.replace(/\D/g, '');
  return major && minor ? `${major}.${minor}` : undefined;
}

/** The `[-]check failed` lines of a verbose /readyz answer, or its first line. */
export function failingChecks(body: string): string {
  const failed = body
    .split('\n')
    .filter((l) => l.startsWith('[-]'))
    .map((l) => l.slice(3).trim());
  return (failed.length > 0 ? failed.join('; ') : body.split('\n')[0] || 'no detail').slice(0, 300);
}
