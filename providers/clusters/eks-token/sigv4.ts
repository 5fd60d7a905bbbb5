import {
  amzDate,
  canonicalHeaders,
  canonicalPath,
  canonicalQuery,
  EMPTY_SHA256,
  sha256Hex,
  signature,
  uriEncode,
} from './sigv4-canonical.ts';

/** AWS credentials as the default chain or STS AssumeRole hand them out. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** When they stop working, if they expire. */
  expiration?: Date;
}

/** One request to sign: a body-less GET is all GUARD sends to AWS by hand. */
export interface SignInput {
  url: URL;
  method?: string;
  /** Extra headers to sign besides `host`. */
  headers?: Readonly<Record<string, string>>;
  credentials: AwsCredentials;
  region: string;
  service: string;
  /** Epoch milliseconds. */
  now: number;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';

function stringToSign(input: SignInput, query: string, headers: Record<string, string>, stamp: string) {
  const { block, signed } = canonicalHeaders(headers);
  const request = [
    input.method ?? 'GET',
    canonicalPath(input.url.pathname),
    query,
    block,
    signed,
    EMPTY_SHA256,
  ].join('\n');
  const scope = `${stamp.slice(0, 8)}/${input.region}/${input.service}/aws4_request`;
  return { text: [ALGORITHM, stamp, scope, sha256Hex(request)].join('\n'), scope, signed };
}

/**
 * SigV4 query-string presigning: the URL itself carries the credential scope and signature, valid
 * for `expiresIn` seconds. Parameters keep the URL's own order followed by the auth parameters (the
 * layout botocore produces), while the signature covers them in canonical order.
 */
export function presignUrl(input: SignInput & { expiresIn: number }): string {
  const { stamp, day } = amzDate(input.now);
  const { credentials: c } = input;
  const headers = { host: input.url.host, ...input.headers };
  const params: [string, string][] = [...input.url.searchParams.entries()];
  params.push(
    ['X-Amz-Algorithm', ALGORITHM],
    ['X-Amz-Credential', `${c.accessKeyId}/${day}/${input.region}/${input.service}/aws4_request`],
    ['X-Amz-Date', stamp],
    ['X-Amz-Expires', String(input.expiresIn)],
    ['X-Amz-SignedHeaders', canonicalHeaders(headers).signed],
  );
  if (c.sessionToken) params.push(['X-Amz-Security-Token', c.sessionToken]);
  const { text } = stringToSign(input, canonicalQuery(params), headers, stamp);
  params.push(['X-Amz-Signature', signature(c.secretAccessKey, day, input.region, input.service, text)]);
  const query = params.map(([k, v]) => `${uriEncode(k)}=${uriEncode(v)}`).join('&');
  return `${input.url.origin}${input.url.pathname}?${query}`;
}

/** SigV4 header signing: the headers to send, `Authorization` included. */
export function signHeaders(input: SignInput): Record<string, string> {
  const { stamp, day } = amzDate(input.now);
  const { credentials: c } = input;
  const headers: Record<string, string> = { host: input.url.host, 'x-amz-date': stamp, ...input.headers };
  if (c.sessionToken) headers['x-amz-security-token'] = c.sessionToken;
  const query = canonicalQuery([...input.url.searchParams.entries()]);
  const { text, scope, signed } = stringToSign(input, query, headers, stamp);
  const sig = signature(c.secretAccessKey, day, input.region, input.service, text);
  headers.authorization = `${ALGORITHM} Credential=${c.accessKeyId}/${scope}, SignedHeaders=${signed}, Signature=${sig}`;
  return headers;
}
