import type { KubeObject } from '../../../src/ports/clusters.ts';
import type { ProviderContext } from '../../../src/ports/service-provider.ts';
import { containers } from '../shared/kube.ts';

/** Namespace label that opts a namespace out of GUARD's sidecar restarts. */
export const SKIP_RESTART_LABEL = 'guard.io/skip-restart';

/**
 * Istio version of an image such as `docker.io/istio/proxyv2:1.20.1`, `…:1.21.0-beta.1-distroless`
 * or `…:1.20.1@sha256:…`; undefined for a tag that names no version (`latest`, a build hash).
 */
export function imageVersion(image: string | undefined): string | undefined {
  if (!image) return undefined;
  const name = image.split('@')[0]!;
  const last = name.slice(name.lastIndexOf('/') + 1);
  const tag = last.includes(':') ? last.slice(last.indexOf(':') + 1) : '';
  const m = /^(\d+\.\d+\.\d+(?:-(?:alpha|beta|rc)(?:\.\d+)?)?)(?:-[a-z]+)?$/.exec(tag);
  return m?.[1];
}

/**
 * The sidecar version of a pod, read from the image tag of its `istio-proxy` container (a regular
 * or, with native sidecars, an init container). The `sidecar.istio.io/status` annotation names the
 * injected containers and revision but no version, so the image is the only per-pod source.
 */
export function proxyVersion(pod: KubeObject): string | undefined {
  const proxy = containers(pod.spec).find((c) => c.name === 'istio-proxy');
  return imageVersion(proxy?.image);
}

/** Pods on their way out still show the old proxy; they are not a workload's current state. */
export function terminating(obj: KubeObject): boolean {
  return Boolean((obj.metadata as { deletionTimestamp?: string }).deletionTimestamp);
}

/**
 * Namespaces whose pods get sidecars: `istio-injection=enabled` or any `istio.io/rev`, less those
 * labelled `guard.io/skip-restart=true`.
 */
export async function injectedNamespaces(ctx: ProviderContext): Promise<string[]> {
  const list = (labelSelector: string) =>
    ctx.clusters.list(ctx.cluster.name, { apiVersion: 'v1', kind: 'Namespace', labelSelector });
  const [legacy, revision] = await Promise.all([list('istio-injection=enabled'), list('istio.io/rev')]);
  const names = new Set<string>();
  for (const ns of [...legacy, ...revision]) {
    if (ns.metadata.labels?.[SKIP_RESTART_LABEL] !== 'true') names.add(ns.metadata.name);
  }
  return [...names].sort();
}

/** Live pods with a sidecar in `namespaces`, each with its proxy version (undefined when unreadable). */
export async function sidecarPods(
  ctx: ProviderContext,
  namespaces: readonly string[],
): Promise<{ pod: KubeObject; version: string | undefined }[]> {
  const perNamespace = await Promise.all(
    namespaces.map((namespace) =>
      ctx.clusters.list(ctx.cluster.name, { apiVersion: 'v1', kind: 'Pod', namespace }),
    ),
  );
  return perNamespace
    .flat()
    .filter((pod) => !terminating(pod) && containers(pod.spec).some((c) => c.name === 'istio-proxy'))
    .map((pod) => ({ pod, version: proxyVersion(pod) }));
}
