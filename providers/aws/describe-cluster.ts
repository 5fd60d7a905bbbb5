import {
  DescribeClusterCommand,
  type DescribeClusterCommandOutput,
  type EKSClient,
} from '@aws-sdk/client-eks';
import { RateLimitedError } from '../../src/util/rate-limited-error.ts';

/** Where a cluster's API server is and the CA that signed its certificate. */
export interface ClusterEndpoint {
  /** `https://…` URL of the API server. */
  endpoint: string;
  /** Base64 PEM of the cluster CA. */
  caData: string;
}

/**
 * EKS DescribeCluster through the AWS SDK's EKS client, with errors that say what to do instead:
 * fleet.yaml may carry `eks.endpoint` and `eks.caData`, which makes the call unnecessary.
 */
export async function describeCluster(
  eks: EKSClient,
  name: string,
  region: string,
): Promise<ClusterEndpoint> {
  let cluster: DescribeClusterCommandOutput['cluster'];
  try {
    ({ cluster } = await eks.send(new DescribeClusterCommand({ name })));
  } catch (error) {
    if (error instanceof RateLimitedError) throw error;
    const reason = `${(error as Error).name}: ${(error as Error).message}`.slice(0, 300);
    throw new Error(
      `EKS DescribeCluster for ${name} in ${region} failed (${reason}); set eks.endpoint and eks.caData in guard/fleet.yaml, or allow eks:DescribeCluster`,
      { cause: error },
    );
  }
  const endpoint = cluster?.endpoint;
  const caData = cluster?.certificateAuthority?.data;
  if (!endpoint?.startsWith('https://') || !caData) {
    throw new Error(
      `EKS DescribeCluster for ${name} returned no endpoint or CA (status ${String(cluster?.status)}); wait until the cluster is ACTIVE`,
    );
  }
  return { endpoint, caData };
}
