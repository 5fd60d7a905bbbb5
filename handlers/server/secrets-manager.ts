import type { AwsCredentials } from '../../providers/clusters/eks-token/index.ts';
import {
  amzDate,
  canonicalHeaders,
  canonicalPath,
  canonicalQuery,
  sha256Hex,
  signature,
} from '../../providers/clusters/eks-token/sigv4-canonical.ts';

/** What a setting names to be read from AWS Secrets Manager at start: `aws-secretsmanager:<arn>`. */
export const SECRETS_MANAGER_PREFIX = 'aws-secretsmanager:';

const ARN = /^arn:aws[a-z-]*:secretsmanager:([a-z]{2}(?:-[a-z]+)+-\d+):\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/;

export interface SecretsManagerDeps {
  /** Credentials for the secret's region (default chain: env, IRSA, Pod Identity …). */
  credentials(region: string): Promise<AwsCredentials>;
  fetch?: typeof fetch;
  /** Epoch milliseconds (default `Date.now`), for the signature's date. */
  now?: () => number;
}

/** The region in a Secrets Manager ARN; undefined when `arn` is not one. */
export function secretRegion(arn: string): string | undefined {
  return ARN.exec(arn)?.[1];
}

/**
 * GetSecretValue by hand: one SigV4-signed POST of the JSON protocol (the SDK client is not a
 * dependency). The request body is part of the signature, so the payload hash is the body's.
 * Returns `SecretString`; errors name the ARN and what to check, never the value.
 */
export async function getSecretValue(arn: string, deps: SecretsManagerDeps): Promise<string> {
  const region = secretRegion(arn);
  if (!region)
    throw new Error(
      `${arn} is not a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>)`,
    );
  const url = new URL(`https://secretsmanager.${region}.amazonaws.com/`);
  const body = JSON.stringify({ SecretId: arn });
  const headers = signedHeaders(url, body, region, await deps.credentials(region), (deps.now ?? Date.now)());
  const response = await (deps.fetch ?? fetch)(url, { method: 'POST', headers, body });
  const text = await response.text();
  if (!response.ok)
    throw new Error(
      `Secrets Manager answered ${response.status} for ${arn}: ${awsReason(text)}; check that GUARD's role may call secretsmanager:GetSecretValue on it`,
    );
  const value = (JSON.parse(text) as { SecretString?: unknown }).SecretString;
  if (typeof value !== 'string')
    throw new Error(
      `${arn} holds no SecretString (binary secrets are not supported); store the value as text`,
    );
  return value;
}

function signedHeaders(url: URL, body: string, region: string, c: AwsCredentials, now: number) {
  const { stamp, day } = amzDate(now);
  const headers: Record<string, string> = {
    host: url.host,
    'content-type': 'application/x-amz-json-1.1',
    'x-amz-target': 'secretsmanager.GetSecretValue',
    'x-amz-date': stamp,
  };
  if (c.sessionToken) headers['x-amz-security-token'] = c.sessionToken;
  const { block, signed } = canonicalHeaders(headers);
  const request = [
    'POST',
    canonicalPath(url.pathname),
    canonicalQuery([]),
    block,
    signed,
    sha256Hex(body),
  ].join('\n');
  const scope = `${day}/${region}/secretsmanager/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', stamp, scope, sha256Hex(request)].join('\n');
  const sig = signature(c.secretAccessKey, day, region, 'secretsmanager', toSign);
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${c.accessKeyId}/${scope}, SignedHeaders=${signed}, Signature=${sig}`;
  return headers;
}

/** AWS JSON errors carry `__type` and `message` (or `Message`). */
function awsReason(text: string): string {
  try {
    const e = JSON.parse(text) as { __type?: string; message?: string; Message?: string };
    return [e.__type?.split('#').pop(), e.message ?? e.Message].filter(Boolean).join(': ').slice(0, 300);
  } catch {
    return text.slice(0, 300);
  }
}
