import { type ClusterEndpoint, describeCluster } from './describe-cluster.ts';
import { type CredentialsFor, createRoleCredentials, type RoleCredentialsDeps } from './role-credentials.ts';
import { type CachedToken, createTokenCache, type TokenTarget } from './token-cache.ts';

export type { ClusterEndpoint } from './describe-cluster.ts';
export { eksToken } from './eks-token.ts';
export type { CredentialsFor } from './role-credentials.ts';
export type { AwsCredentials } from './sigv4.ts';
export type { CachedToken, TokenTarget } from './token-cache.ts';

/** What the Kubernetes adapter needs from AWS for an `eks:` cluster. */
export interface EksAccess {
  /** A bearer token, reused for at most 10 minutes. */
  token(target: TokenTarget): Promise<CachedToken>;
  /** The fleet's endpoint and CA when both are given, else EKS DescribeCluster (cached). */
  endpoint(target: TokenTarget & Partial<ClusterEndpoint>): Promise<ClusterEndpoint>;
}

export interface EksAccessDeps extends RoleCredentialsDeps {
  /** Credentials per role and region; default: STS AssumeRole over the default chain. */
  credentialsFor?: CredentialsFor;
  /** For DescribeCluster (default `globalThis.fetch`). */
  fetch?: typeof fetch;
}

export function createEksAccess(deps: EksAccessDeps = {}): EksAccess {
  const { clock = Date.now, fetch = globalThis.fetch } = deps;
  const credentialsFor = deps.credentialsFor ?? createRoleCredentials({ stsFor: deps.stsFor, clock });
  const endpoints = new Map<string, Promise<ClusterEndpoint>>();

  const lookUp = async (t: TokenTarget): Promise<ClusterEndpoint> => {
    const credentials = await credentialsFor(t.roleArn, t.region);
    return describeCluster({ name: t.cluster, region: t.region, credentials, fetch, now: clock() });
  };

  return {
    token: createTokenCache({ credentialsFor, clock }),
    async endpoint(t) {
      if (t.endpoint && t.caData) return { endpoint: t.endpoint, caData: t.caData };
      const key = `${t.region}\n${t.cluster}`;
      let found = endpoints.get(key);
      if (!found) {
        found = lookUp(t);
        endpoints.set(key, found);
        found.catch(() => endpoints.delete(key)); // a failed lookup is retried on the next call
      }
      const { endpoint, caData } = await found;
      return { endpoint: t.endpoint ?? endpoint, caData: t.caData ?? caData };
    },
  };
}
