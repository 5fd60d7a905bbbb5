import { EKSClient } from '@aws-sdk/client-eks';
import { rememberEachSuccess } from '../../src/util/remember-success.ts';
import { SDK_MAX_ATTEMPTS, underRetryPolicy } from './aws-retry.ts';
import { type ClusterEndpoint, describeCluster } from './describe-cluster.ts';
import { type CredentialsFor, createRoleCredentials, type RoleCredentialsDeps } from './role-credentials.ts';
import { type CachedToken, createTokenCache, type TokenTarget } from './token-cache.ts';

export type { ClusterEndpoint } from './describe-cluster.ts';
export type { AwsCredentials, CredentialsFor } from './role-credentials.ts';
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
  /** An EKS client for a region signing as `credentials` (tests point it elsewhere). */
  eksFor?: (region: string, credentials: () => ReturnType<CredentialsFor>) => EKSClient;
}

/**
 * EKS access for the Kubernetes adapter: tokens signed as each cluster's role, and endpoints from
 * fleet.yaml or DescribeCluster (as the same role), each looked up once per process.
 */
export function createEksAccess(deps: EksAccessDeps = {}): EksAccess {
  const { clock = Date.now } = deps;
  const eksFor =
    deps.eksFor ??
    ((region, credentials) => new EKSClient({ region, credentials, maxAttempts: SDK_MAX_ATTEMPTS }));
  const credentialsFor =
    deps.credentialsFor ??
    createRoleCredentials({ stsFor: deps.stsFor, clock, ...(deps.retry && { retry: deps.retry }) });
  const endpoints = rememberEachSuccess<ClusterEndpoint>();

  const lookUp = async (t: TokenTarget): Promise<ClusterEndpoint> => {
    const eks = underRetryPolicy(
      eksFor(t.region, () => credentialsFor(t.roleArn, t.region)),
      'eks',
      deps.retry,
    );
    try {
      return await describeCluster(eks, t.cluster, t.region);
    } finally {
      eks.destroy();
    }
  };

  return {
    token: createTokenCache({ credentialsFor, clock }),
    async endpoint(t) {
      if (t.endpoint && t.caData) return { endpoint: t.endpoint, caData: t.caData };
      // A failed lookup is retried on the next call.
      const { endpoint, caData } = await endpoints(`${t.region}\n${t.cluster}`, () => lookUp(t));
      return { endpoint: t.endpoint ?? endpoint, caData: t.caData ?? caData };
    },
  };
}
