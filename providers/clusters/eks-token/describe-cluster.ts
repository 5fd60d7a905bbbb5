import { dnsSuffix } from './eks-token.ts';
import { type AwsCredentials, signHeaders } from './sigv4.ts';

/** Where a cluster's API server is and the CA that signed its certificate. */
export interface ClusterEndpoint {
  /** `https://…` URL of the API server. */
  endpoint: string;
  /** Base64 PEM of the cluster CA. */
  caData: string;
}

export interface DescribeClusterInput {
  name: string;
  region: string;
  credentials: AwsCredentials;
  fetch: typeof fetch;
  /** Epoch milliseconds of signing. */
  now: number;
}

// A DescribeCluster answer is a few KiB; anything far larger is not one.
const MAX_BODY = 1024 * 1024;

/**
 * EKS DescribeCluster over its REST API (`GET /clusters/<name>`), signed with SigV4: the SDK client
 * for EKS is not a dependency, and one GET does not warrant it.
 */
export async function describeCluster(input: DescribeClusterInput): Promise<ClusterEndpoint> {
  const url = new URL(
    `https://eks.${input.region}.${dnsSuffix(input.region)}/clusters/${encodeURIComponent(input.name)}`,
  );
  const headers = signHeaders({ url, ...input, service: 'eks' });
  delete headers.host; // fetch sets Host itself and refuses to be told
  const res = await input.fetch(url, { headers: { ...headers, accept: 'application/json' } });
  const text = await res.text();
  if (text.length > MAX_BODY) throw new Error(`EKS DescribeCluster for ${input.name}: answer too large`);
  if (!res.ok) {
    throw new Error(
      `EKS DescribeCluster for ${input.name} in ${input.region} failed (${res.status}): ${awsMessage(text)}; set eks.endpoint and eks.caData in guard/fleet.yaml, or allow eks:DescribeCluster`,
    );
  }
  const cluster = parseCluster(text, input.name);
  const endpoint = cluster.endpoint;
  const caData = (cluster.certificateAuthority as { data?: unknown } | undefined)?.data;
  if (typeof endpoint !== 'string' || !endpoint.startsWith('https://') || typeof caData !== 'string') {
    throw new Error(
      `EKS DescribeCluster for ${input.name} returned no endpoint or CA (status ${String(cluster.status)}); wait until the cluster is ACTIVE`,
    );
  }
  return { endpoint, caData };
}

function awsMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { message?: unknown; Message?: unknown };
    return String(body.message ?? body.Message ?? 'no message').slice(0, 300);
  } catch {
    return text.slice(0, 300);
  }
}

function parseCluster(text: string, name: string): Record<string, unknown> {
  try {
    return (JSON.parse(text) as { cluster?: Record<string, unknown> }).cluster ?? {};
  } catch {
    throw new Error(
      `EKS DescribeCluster for ${name} answered something other than JSON; check proxies in between`,
    );
  }
}
