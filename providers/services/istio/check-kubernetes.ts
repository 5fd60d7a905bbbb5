import { parseSemVer } from '../../../src/version/semver.ts';
import { ISTIO_KUBERNETES_SUPPORT } from './kubernetes-support.ts';

/**
 * Why Istio `version` does not support Kubernetes `kubernetesMinor` ("1.24"), or undefined. An
 * Istio minor missing from the table is not judged here: the generic precheck shows it as unknown.
 */
export function checkIstioKubernetes(version: string, kubernetesMinor: string): string | undefined {
  const v = parseSemVer(version);
  const k = parseMinor(kubernetesMinor);
  if (!v || !k) return undefined;
  const istioMinor = `${v.major}.${v.minor}`;
  const range = ISTIO_KUBERNETES_SUPPORT.minors[istioMinor];
  if (!range) return undefined;
  const [low, high] = range.map((m) => parseMinor(m)!) as [number[], number[]];
  if (compareMinor(k, low) >= 0 && compareMinor(k, high) <= 0) return undefined;
  return (
    `Istio ${istioMinor} supports Kubernetes ${range[0]} to ${range[1]}, and this cluster runs ${kubernetesMinor}; ` +
    `${compareMinor(k, low) < 0 ? 'upgrade the cluster first' : 'choose a newer Istio'} (${ISTIO_KUBERNETES_SUPPORT.source})`
  );
}

/** Kubernetes versions come as "1.29", "v1.29.3" or EKS's "1.29+"; only major.minor matters. */
function parseMinor(text: string): number[] | undefined {
  const m = /^v?(\d+)\.(\d+)/.exec(text);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

function compareMinor(a: readonly number[], b: readonly number[]): number {
  return a[0]! - b[0]! || a[1]! - b[1]!;
}
