import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import type { RetryDeps } from '../../src/util/with-retry.ts';
import { SDK_MAX_ATTEMPTS, underRetryPolicy } from './aws-retry.ts';

/**
 * A DynamoDB client for `GUARD_STATE=dynamodb:<table>`: region from `AWS_REGION`, and an endpoint
 * override from `DYNAMODB_ENDPOINT` (DynamoDB Local, dynalite, VPC endpoints). Unset values are left
 * out so the SDK's own chain (profiles, instance metadata) still applies, credentials included.
 * Its calls go through the one retry policy (aws-retry.ts), the SDK's own retry off.
 */
export function clientFromEnv(env: Record<string, string | undefined>, retry?: RetryDeps): DynamoDBClient {
  const config: DynamoDBClientConfig = { maxAttempts: SDK_MAX_ATTEMPTS };
  if (env.AWS_REGION) config.region = env.AWS_REGION;
  if (env.DYNAMODB_ENDPOINT) config.endpoint = env.DYNAMODB_ENDPOINT;
  return underRetryPolicy(new DynamoDBClient(config), 'dynamodb', retry);
}
