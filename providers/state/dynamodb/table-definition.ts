import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';

/** Attribute DynamoDB's TTL reads (epoch seconds) to delete expired delivery records. */
export const TTL_ATTRIBUTE = 'ttl';

/**
 * The CreateTable input for GUARD's table: string `pk` and `sk`, on-demand billing (GUARD's load is
 * bursty and small). deploy/dynamodb-table.json is the same table for CloudFormation.
 */
export function tableDefinition(table: string): CreateTableCommandInput {
  return {
    TableName: table,
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    BillingMode: 'PAY_PER_REQUEST',
  };
}

/** What `createTable` found or did. */
export interface CreateTableResult {
  /** False when the table already existed. */
  created: boolean;
  /**
   * `unsupported` when the endpoint has no UpdateTimeToLive (emulators such as dynalite). The store is
   * still correct there, since expiry is checked on every write; old records just stay.
   */
  ttl: 'enabled' | 'unsupported';
}

/** Creates the table if it is missing, waits until it is active, and turns TTL on. Safe to rerun. */
export async function createTable(client: DynamoDBClient, table: string): Promise<CreateTableResult> {
  let created = true;
  try {
    await client.send(new CreateTableCommand(tableDefinition(table)));
  } catch (error) {
    if ((error as Error).name !== 'ResourceInUseException') throw error;
    created = false;
  }
  // A short first delay: emulators are ready in milliseconds; the backoff soon reaches AWS's seconds.
  await waitUntilTableExists({ client, minDelay: 0.1, maxDelay: 5, maxWaitTime: 300 }, { TableName: table });
  return { created, ttl: await enableTtl(client, table) };
}

async function enableTtl(client: DynamoDBClient, table: string): Promise<CreateTableResult['ttl']> {
  const { TimeToLiveDescription: ttl } = await client.send(
    new DescribeTimeToLiveCommand({ TableName: table }),
  );
  if (ttl?.TimeToLiveStatus === 'ENABLED' || ttl?.TimeToLiveStatus === 'ENABLING') {
    if (ttl.AttributeName === TTL_ATTRIBUTE) return 'enabled';
    throw new Error(
      `table ${table} already has TTL on ${ttl.AttributeName}; GUARD needs it on ${TTL_ATTRIBUTE}`,
    );
  }
  try {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: table,
        TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
      }),
    );
    return 'enabled';
  } catch (error) {
    if ((error as Error).name === 'UnknownOperationException') return 'unsupported';
    throw error;
  }
}
