import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';

/**
 * A DynamoDB client for `GUARD_STATE=dynamodb:<table>`: region from `AWS_REGION`, and an endpoint
 * override from `DYNAMODB_ENDPOINT` (DynamoDB Local, dynalite, VPC endpoints). Unset values are left
 * out so the SDK's own chain (profiles, instance metadata) still applies, credentials included.
 */
export function clientFromEnv(env: Record<string, string | undefined>): DynamoDBClient {
  const config: DynamoDBClientConfig = {};
  if (env.AWS_REGION) config.region = env.AWS_REGION;
  if (env.DYNAMODB_ENDPOINT) config.endpoint = env.DYNAMODB_ENDPOINT;
  return new DynamoDBClient(config);
}
