import { Hash } from '@smithy/core/serde';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity } from '@smithy/types';

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
  credentials: AwsCredentialIdentity;
  /** Epoch milliseconds of signing. */
  now: number;
}

/**
 * The bearer token `aws eks get-token` prints: a presigned STS GetCallerIdentity URL (60-second
 * presign expiry, the cluster name in a signed `x-k8s-aws-id` header), base64url without padding.
 * The API server replays the URL against STS to learn who is calling. Signed by the AWS SDK's own
 * SigV4 signer; only the request it signs is ours.
 */
export async function eksToken(input: EksTokenInput): Promise<string> {
  const hostname = `sts.${input.region}.${dnsSuffix(input.region)}`;
  const signed = await createSigner('sts', input.region, input.credentials).presign(
    {
      method: 'GET',
      protocol: 'https:',
      hostname,
      path: '/',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      headers: { host: hostname, 'x-k8s-aws-id': input.cluster },
    },
    { expiresIn: 60, signingDate: new Date(input.now) },
  );
  const params = signed.query ?? {};
  const keys = Object.keys(params).sort((a, b) => rank(a) - rank(b));
  const query = keys.map((key) => `${encode(key)}=${encode(String(params[key]))}`).join('&');
  return TOKEN_PREFIX + Buffer.from(`https://${hostname}/?${query}`, 'utf8').toString('base64url');
}

/**
 * The AWS SDK's SigV4 signer with Node's SHA-256, signing no `x-amz-content-sha256` header (only
 * S3 wants it; STS, EKS and botocore's presigner sign without it).
 */
export function createSigner(
  service: string,
  region: string,
  credentials: AwsCredentialIdentity,
): SignatureV4 {
  return new SignatureV4({
    service,
    region,
    credentials,
    sha256: Hash.bind(null, 'sha256'),
    applyChecksum: false,
  });
}

// The order botocore writes presigned parameters in, so the token equals `aws eks get-token`'s
// byte for byte (STS accepts any order; the signature covers the sorted canonical form).
const BOTOCORE_ORDER = [
  'Action',
  'Version',
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Date',
  'X-Amz-Expires',
  'X-Amz-SignedHeaders',
  'X-Amz-Security-Token',
  'X-Amz-Signature',
];

function rank(key: string): number {
  const at = BOTOCORE_ORDER.indexOf(key);
  return at < 0 ? BOTOCORE_ORDER.length : at;
}

/** RFC 3986 encoding, as SigV4 canonicalises query strings (the signature covers these bytes). */
function encode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** China regions live under their own DNS suffix; everything else under amazonaws.com. */
export function dnsSuffix(region: string): string {
  return region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
}
