import { type AwsCredentials, presignUrl } from './sigv4.ts';

/** Prefix aws-iam-authenticator and the EKS API server expect in front of the encoded URL. */
export const TOKEN_PREFIX = 'k8s-aws-v1.';

/** EKS accepts the token for 15 minutes after signing; callers refresh well before that. */
export const TOKEN_LIFETIME_MS = 15 * 60_000;

/** Inputs of one EKS bearer token. */
export interface EksTokenInput {
  /** The EKS cluster name, signed into the URL as the `x-k8s-aws-id` header. */
  cluster: string;
  /** Region of the STS endpoint that signs (the cluster's region). */
  region: string;
  credentials: AwsCredentials;
  /** Epoch milliseconds of signing. */
  now: number;
}

/**
 * The bearer token `aws eks get-token` prints: a presigned STS GetCallerIdentity URL (60-second
 * presign expiry, the cluster name in a signed `x-k8s-aws-id` header), base64url without padding.
 * The API server replays the URL against STS to learn who is calling.
 */
export function eksToken(input: EksTokenInput): string {
  const url = new URL(`https://sts.${input.region}.${dnsSuffix(input.region)}/`);
  url.searchParams.set('Action', 'GetCallerIdentity');
  url.searchParams.set('Version', '2011-06-15');
  const signed = presignUrl({
    url,
    headers: { 'x-k8s-aws-id': input.cluster },
    credentials: input.credentials,
    region: input.region,
    service: 'sts',
    now: input.now,
    expiresIn: 60,
  });
  return TOKEN_PREFIX + Buffer.from(signed, 'utf8').toString('base64url');
}

/** China regions live under their own DNS suffix; everything else under amazonaws.com. */
export function dnsSuffix(region: string): string {
  return region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
}
