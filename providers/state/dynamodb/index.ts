/*
 * Single-table design for `dynamodb:<table>`. Every item has string keys `pk` (partition) and `sk`
 * (sort); values are stored as JSON strings, which round-trip any JSON exactly (DynamoDB's own
 * types would turn numbers into decimals and refuse empty sets).
 *
 *   kind       pk                 sk                  other attributes
 *   state      "state"            <key>               value (S, JSON; absent for undefined), version (N), writer (S)
 *   lease      "lease#<name>"     "lease"             owner (S), expiresAt (N, epoch ms)
 *   delivery   "delivery#<id>"    "delivery"          expiresAt (N, epoch ms), writer (S), ttl (N, epoch s)
 *   audit      "audit#<key>"      "seq"               n (N): the last sequence number handed out
 *              "audit#<key>"      "rec#<15 digits>"   record (S, JSON)
 *   ping       "ping"             "ping"              at (N), ttl (N)
 *
 * All state documents share one partition so `list(prefix)` is a single Query with begins_with; one
 * partition serves ~1,000 writes and ~3,000 strongly consistent reads a second, far above what
 * rollouts need. Every write that must not clobber is a conditional PutItem. `writer` is a random id
 * per call: the retry policy (providers/aws/aws-retry.ts) retries a request whose reply was lost, and when the first attempt did write,
 * the retry's condition fails on our own item; finding our `writer` there means we won after all.
 * The `ttl` attribute lets DynamoDB delete old delivery records (within days; until then the
 * `expiresAt` condition already treats them as gone). Items are limited to 400 KB each.
 */

import { randomUUID } from 'node:crypto';
import {
  type AttributeValue,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  paginateQuery,
  type QueryCommandInput,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { type AuditRecord, ConflictError, type StateStore } from '../../../src/ports/state-store.ts';

import { TTL_ATTRIBUTE } from './table-definition.ts';

export { createTable, tableDefinition } from './table-definition.ts';

export interface DynamoStateStoreOptions {
  /** Table created from `tableDefinition(table)`. */
  table: string;
  /** Configured with region, credentials and (for tests or local DynamoDB) endpoint. */
  client: DynamoDBClient;
  /** Epoch milliseconds; decides lease and delivery expiry. Replicas' clocks should agree within seconds. */
  clock?: () => number;
}

type Item = Record<string, AttributeValue>;

const STATE = 'state';
const S = (value: string): AttributeValue => ({ S: value });
const N = (value: number): AttributeValue => ({ N: String(value) });
const conditionFailed = (error: unknown) => (error as Error).name === 'ConditionalCheckFailedException';

/** `StateStore` on one DynamoDB table, laid out as described at the top of this file. */
export function createDynamoStateStore({
  table,
  client,
  clock = Date.now,
}: DynamoStateStoreOptions): StateStore {
  const getItem = async (pk: string, sk: string) =>
    (
      await client.send(
        new GetItemCommand({ TableName: table, Key: { pk: S(pk), sk: S(sk) }, ConsistentRead: true }),
      )
    ).Item;

  /** Puts `item` if `condition` holds; false when it does not (and the item is not ours from a retry). */
  const putIf = async (item: Item, condition: string, values: Item = {}): Promise<boolean> => {
    try {
      await client.send(
        new PutItemCommand({
          TableName: table,
          Item: item,
          ConditionExpression: condition,
          ExpressionAttributeNames: names(condition),
          ...(Object.keys(values).length > 0 && { ExpressionAttributeValues: values }),
        }),
      );
      return true;
    } catch (error) {
      if (!conditionFailed(error)) throw error;
      if (!item.writer) return false;
      return (await getItem(item.pk!.S!, item.sk!.S!))?.writer?.S === item.writer.S;
    }
  };

  const query = async function* (input: Omit<QueryCommandInput, 'TableName'>) {
    for await (const page of paginateQuery(
      { client },
      { TableName: table, ConsistentRead: true, ...input },
    )) {
      yield* page.Items ?? [];
    }
  };

  return {
    async get(key) {
      const item = await getItem(STATE, key);
      return item && { value: item.value && JSON.parse(item.value.S!), version: Number(item.version!.N) };
    },

    async put(key, value, expected) {
      const json = JSON.stringify(value) as string | undefined;
      const item: Item = { pk: S(STATE), sk: S(key), version: N(expected + 1), writer: S(randomUUID()) };
      if (json !== undefined) item.value = S(json);
      const won =
        expected === 0
          ? await putIf(item, 'attribute_not_exists(#pk)')
          : await putIf(item, '#version = :expected', { ':expected': N(expected) });
      if (won) return expected + 1;
      const actual = Number((await getItem(STATE, key))?.version?.N ?? 0);
      throw new ConflictError(key, expected, actual);
    },

    async remove(key, expected) {
      try {
        await client.send(
          new DeleteItemCommand({
            TableName: table,
            Key: { pk: S(STATE), sk: S(key) },
            ConditionExpression: 'attribute_not_exists(#pk) OR #version = :expected',
            ExpressionAttributeNames: { '#pk': 'pk', '#version': 'version' },
            ExpressionAttributeValues: { ':expected': N(expected) },
          }),
        );
      } catch (error) {
        if (!conditionFailed(error)) throw error;
        const actual = Number((await getItem(STATE, key))?.version?.N ?? 0);
        throw new ConflictError(key, expected, actual);
      }
    },

    async list(prefix) {
      const keys: string[] = [];
      // begins_with refuses an empty string, and the whole partition is what '' means anyway.
      for await (const item of query({
        KeyConditionExpression: prefix ? '#pk = :pk AND begins_with(#sk, :prefix)' : '#pk = :pk',
        ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
        ExpressionAttributeValues: { ':pk': S(STATE), ...(prefix ? { ':prefix': S(prefix) } : {}) },
        ProjectionExpression: '#sk',
      })) {
        keys.push(item.sk!.S!);
      }
      // DynamoDB orders by UTF-8 bytes; sort again so both stores agree on JavaScript's order.
      return keys.sort();
    },

    async acquireLease(name, owner, ttlMs) {
      const now = clock();
      const lease = { name, owner, expiresAt: now + ttlMs };
      const item = { pk: S(`lease#${name}`), sk: S('lease'), owner: S(owner), expiresAt: N(lease.expiresAt) };
      const condition = 'attribute_not_exists(#pk) OR #expiresAt < :now OR #owner = :owner';
      return (await putIf(item, condition, { ':now': N(now), ':owner': S(owner) })) ? lease : undefined;
    },

    async releaseLease(name, owner) {
      try {
        await client.send(
          new DeleteItemCommand({
            TableName: table,
            Key: { pk: S(`lease#${name}`), sk: S('lease') },
            ConditionExpression: '#owner = :owner',
            ExpressionAttributeNames: { '#owner': 'owner' },
            ExpressionAttributeValues: { ':owner': S(owner) },
          }),
        );
      } catch (error) {
        if (!conditionFailed(error)) throw error;
      }
    },

    async markDelivery(id, ttlMs) {
      const now = clock();
      const expiresAt = now + ttlMs;
      const item = {
        ...{ pk: S(`delivery#${id}`), sk: S('delivery'), writer: S(randomUUID()) },
        ...{ expiresAt: N(expiresAt), [TTL_ATTRIBUTE]: N(Math.ceil(expiresAt / 1000)) },
      };
      return putIf(item, 'attribute_not_exists(#pk) OR #expiresAt < :now', { ':now': N(now) });
    },

    async appendAudit(key, record) {
      // A counter item hands out the order, so appends from several replicas interleave exactly as
      // they happened, whatever their clocks say. A retried ADD may skip a number; gaps are harmless.
      const { Attributes } = await client.send(
        new UpdateItemCommand({
          TableName: table,
          Key: { pk: S(`audit#${key}`), sk: S('seq') },
          UpdateExpression: 'ADD #n :one',
          ExpressionAttributeNames: { '#n': 'n' },
          ExpressionAttributeValues: { ':one': N(1) },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      const sk = `rec#${Attributes!.n!.N!.padStart(15, '0')}`;
      const item = { pk: S(`audit#${key}`), sk: S(sk), record: S(JSON.stringify(record)) };
      await client.send(new PutItemCommand({ TableName: table, Item: item }));
    },

    async readAudit(key) {
      const records: AuditRecord[] = [];
      for await (const item of query({
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :rec)',
        ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
        ExpressionAttributeValues: { ':pk': S(`audit#${key}`), ':rec': S('rec#') },
      })) {
        records.push(JSON.parse(item.record!.S!) as AuditRecord);
      }
      return records;
    },

    async ping() {
      const now = clock();
      const item = {
        pk: S('ping'),
        sk: S('ping'),
        at: N(now),
        [TTL_ATTRIBUTE]: N(Math.ceil(now / 1000) + 3600),
      };
      await client.send(new PutItemCommand({ TableName: table, Item: item }));
      await getItem('ping', 'ping');
    },
  };
}

/** `#name` placeholders of a condition, mapped to their attributes (DynamoDB rejects unused ones). */
function names(expression: string): Record<string, string> {
  return Object.fromEntries(
    [...expression.matchAll(/#(\w+)/g)].map(([placeholder, name]) => [placeholder, name!]),
  );
}
