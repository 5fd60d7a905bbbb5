import { rememberEachSuccess } from '../../src/util/remember-success.ts';
import { eksToken } from './eks-token.ts';
import type { CredentialsFor } from './role-credentials.ts';

/** A bearer token and when GUARD stops using it (it stays valid for EKS a few minutes longer). */
export interface CachedToken {
  token: string;
  /** Epoch milliseconds after which a new token is signed. */
  refreshAt: number;
}

/** The EKS cluster a token is for and the role it is signed as. */
export interface TokenTarget {
  cluster: string;
  region: string;
  roleArn?: string;
}

export interface TokenCacheDeps {
  credentialsFor: CredentialsFor;
  /** Epoch milliseconds (default `Date.now`). */
  clock?: () => number;
  /** How long a token is reused; at most 10 minutes, because EKS rejects tokens after 15. */
  maxAgeMs?: number;
}

export const MAX_TOKEN_AGE_MS = 10 * 60_000;

/**
 * EKS tokens per (cluster, region, role), signed on first use and re-signed once `maxAgeMs` has
 * passed on the injected clock. Concurrent callers share one signing.
 */
export function createTokenCache(deps: TokenCacheDeps): (target: TokenTarget) => Promise<CachedToken> {
  const { credentialsFor, clock = Date.now } = deps;
  const maxAge = Math.min(deps.maxAgeMs ?? MAX_TOKEN_AGE_MS, MAX_TOKEN_AGE_MS);
  const tokens = rememberEachSuccess<CachedToken>({ fresh: (token) => token.refreshAt > clock() });

  const sign = async (t: TokenTarget): Promise<CachedToken> => {
    const now = clock();
    const credentials = await credentialsFor(t.roleArn, t.region);
    return {
      token: await eksToken({ cluster: t.cluster, region: t.region, credentials, now }),
      refreshAt: now + maxAge,
    };
  };

  return (target) =>
    tokens([target.cluster, target.region, target.roleArn ?? ''].join('\n'), () => sign(target));
}
