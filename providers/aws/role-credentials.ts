import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { RateLimitedError } from '../../src/util/rate-limited-error.ts';
import { rememberEachSuccess } from '../../src/util/remember-success.ts';
import type { RetryDeps } from '../../src/util/with-retry.ts';
import { SDK_MAX_ATTEMPTS, underRetryPolicy } from './aws-retry.ts';

/** Access key, secret, session token and expiry, as the AWS SDK passes them around. */
export type AwsCredentials = AwsCredentialIdentity;

/** Credentials for a role (or the process's own identity when there is no role), in a region. */
export type CredentialsFor = (roleArn: string | undefined, region: string) => Promise<AwsCredentials>;

export interface RoleCredentialsDeps {
  /** An STS client per region; its default credential chain (env, IRSA, Pod Identity, …) signs AssumeRole. */
  stsFor?: (region: string) => STSClient;
  /** Epoch milliseconds (default `Date.now`). */
  clock?: () => number;
  /** The one retry policy's waits, jitter and hooks, for every AWS call. */
  retry?: RetryDeps;
}

/** Session name every assumed role shows in CloudTrail, so audits can find GUARD's calls. */
export const SESSION_NAME = 'guard';

// Reuse assumed-role credentials until 5 minutes before they expire; tokens signed with them live 15.
const REUSE_MARGIN_MS = 5 * 60_000;

/**
 * STS AssumeRole per role ARN, cached until shortly before expiry; without a role, the default
 * chain's own credentials. One STS client per region, built lazily.
 */
export function createRoleCredentials(deps: RoleCredentialsDeps = {}): CredentialsFor {
  const {
    stsFor = (region: string) => new STSClient({ region, maxAttempts: SDK_MAX_ATTEMPTS }),
    clock = Date.now,
  } = deps;
  const clients = new Map<string, STSClient>();
  const assumed = rememberEachSuccess<AwsCredentials>({
    fresh: (creds) => (creds.expiration?.getTime() ?? Infinity) - REUSE_MARGIN_MS > clock(),
  });
  const client = (region: string) => {
    const sts = clients.get(region) ?? underRetryPolicy(stsFor(region), 'sts', deps.retry);
    clients.set(region, sts);
    return sts;
  };

  return async (roleArn, region) => {
    if (!roleArn) return ownCredentials(client(region));
    return assumed(`${region}\n${roleArn}`, () => assumeRole(client(region), roleArn));
  };
}

async function ownCredentials(sts: STSClient): Promise<AwsCredentials> {
  const id = await sts.config.credentials();
  return { accessKeyId: id.accessKeyId, secretAccessKey: id.secretAccessKey, sessionToken: id.sessionToken };
}

async function assumeRole(sts: STSClient, roleArn: string): Promise<AwsCredentials> {
  try {
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: SESSION_NAME }));
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('STS AssumeRole returned no credentials');
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration: c.Expiration,
    };
  } catch (err) {
    if (err instanceof RateLimitedError) throw err;
    throw new Error(
      `cannot assume role ${roleArn}: ${(err as Error).message}; check that GUARD's identity may call sts:AssumeRole on it and that the role trusts it`,
      { cause: err },
    );
  }
}
