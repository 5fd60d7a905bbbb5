import type { Service } from '../../config/fleet.ts';

/** A problem with a fleet service entry, at a path relative to `services.<name>`. */
export interface FieldProblem {
  path: readonly PropertyKey[];
  message: string;
}

/** A chart a service bumps. */
export interface ChartRule {
  /** Chart name as it appears in HelmRelease `spec.chart.spec.chart`, Argo CD `chart`, Kustomize `name`. */
  name: string;
  /** Every cluster must carry a required chart; an optional one is bumped where it is found. */
  required: boolean;
  /** Several releases of this chart may live in one cluster (Istio ingress and egress gateways). */
  multiple?: boolean;
}

/**
 * What GUARD needs to know about a kind of service to plan its upgrade. Later parts of the port
 * (prechecks, soak metrics, post-upgrade actions) join this one; planning needs only these rules.
 */
export interface ServiceProvider {
  /** Registry key, as written in fleet.yaml `provider:`. */
  readonly id: string;
  /** Strategies the provider supports; the first is the default. */
  readonly strategies: readonly string[];
  /** Problems with a service entry that the schema cannot see (e.g. a helm service without `chart`). */
  checkService(service: Service): FieldProblem[];
  /** The charts the service bumps, in upgrade order. */
  charts(service: Service): ChartRule[];
  /** Why `version` is not a version this provider understands, or undefined when it is fine. */
  checkVersion(version: string): string | undefined;
  /** Orders two valid versions: negative when a is older. */
  compareVersions(a: string, b: string): number;
  /** Why a cluster may not move from `from` to `to` with `strategy` (skew rules), or undefined. */
  checkUpgradePath(step: { from: string; to: string; strategy: string }): string | undefined;
}

/** Looks a provider up by id; the registry lives with the adapters. */
export type ProviderLookup = (id: string) => ServiceProvider | undefined;
