import { type AttributeValue, type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { RegistryItem } from '../../src/fleet-import/map-registry.ts';

export interface RegistryScan {
  items: RegistryItem[];
  pages: number;
}

/**
 * Every item of a cluster registry table, read with a paginated Scan (DynamoDB returns at most
 * 1 MB per page and a LastEvaluatedKey while more remain). Numbers are kept as the decimal text
 * DynamoDB stores, so an account id keeps its leading zeros and a batch `1` reads as "1".
 */
export async function scanRegistry(
  client: DynamoDBClient,
  table: string,
  pageSize?: number,
): Promise<RegistryScan> {
  const items: RegistryItem[] = [];
  let pages = 0;
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client
      .send(
        new ScanCommand({
          TableName: table,
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
          ...(pageSize ? { Limit: pageSize } : {}),
        }),
      )
      .catch((error: unknown) => {
        if ((error as { name?: string }).name !== 'ResourceNotFoundException') throw error;
        const region = typeof client.config.region === 'string' ? ` in ${client.config.region}` : '';
        throw new Error(`DynamoDB table '${table}' does not exist${region} (check --region and AWS_REGION)`);
      });
    pages += 1;
    for (const item of page.Items ?? []) items.push(unmarshall(item, { wrapNumbers: (text) => text }));
    start = page.LastEvaluatedKey;
  } while (start);
  return { items, pages };
}
