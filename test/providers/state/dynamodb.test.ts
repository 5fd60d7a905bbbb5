import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDynamoStateStore,
  createTable,
  tableDefinition,
} from '../../../providers/state/dynamodb/index.ts';
import { ConflictError } from '../../../src/ports/state-store.ts';
import { describeStateStoreContract } from '../../contract/state-store.contract.ts';
import { type LocalDynamo, startDynalite } from './start-dynalite.ts';

let dynamo: LocalDynamo;
let client: DynamoDBClient;
let tables = 0;
const freshTable = async () => {
  const table = `guard-test-${++tables}`;
  await createTable(client, table);
  return table;
};

beforeAll(async () => {
  dynamo = await startDynalite();
  client = dynamo.client();
});
afterAll(() => dynamo.close());

const tableOf = new WeakMap<object, string>();
describeStateStoreContract(
  'dynamodb',
  async (clock) => {
    const table = await freshTable();
    const store = createDynamoStateStore({ table, client, clock });
    tableOf.set(store, table);
    return store;
  },
  // A restarted process brings its own client.
  (store, clock) => createDynamoStateStore({ table: tableOf.get(store)!, client: dynamo.client(), clock }),
);

/** Makes the SDK see a timeout after the request went through once, as when a reply is lost. */
function loseNextReply(target: DynamoDBClient, command: string) {
  let armed = true;
  target.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (armed && context.commandName === command) {
        armed = false;
        throw Object.assign(new Error('reply lost'), { name: 'TimeoutError' });
      }
      return result;
    },
    { step: 'deserialize', name: 'loseNextReply' },
  );
}

describe('DynamoDB state store', () => {
  it('creates the table idempotently with the documented key schema', async () => {
    const table = `guard-create-${++tables}`;

    const first = await createTable(client, table);
    const again = await createTable(client, table);

    expect(first.created).toBe(true);
    // dynalite has no UpdateTimeToLive; real DynamoDB answers 'enabled'.
    expect(again).toEqual({ created: false, ttl: 'unsupported' });
    const { Table } = await client.send(new DescribeTableCommand({ TableName: table }));
    expect(Table?.KeySchema).toEqual(tableDefinition(table).KeySchema);
    expect(Table?.TableStatus).toBe('ACTIVE');
  });

  it('describes the same table in the CloudFormation template', () => {
    const template = JSON.parse(
      readFileSync(join(import.meta.dirname, '../../../deploy/dynamodb-table.json'), 'utf8'),
    );
    const { TableName: _, ...expected } = tableDefinition('x');

    const { Properties } = template.Resources.GuardStateTable;

    expect(Properties).toMatchObject(expected);
    expect(Properties.TimeToLiveSpecification).toEqual({ AttributeName: 'ttl', Enabled: true });
  });

  it('keeps an exact count when two replicas with their own clients increment one key', async () => {
    const table = await freshTable();
    const replicas = [dynamo.client(), dynamo.client()].map((c) =>
      createDynamoStateStore({ table, client: c }),
    );
    let conflicts = 0;
    const increment = async (store: (typeof replicas)[number]) => {
      for (;;) {
        const current = await store.get('counter');
        try {
          return await store.put('counter', ((current?.value as number) ?? 0) + 1, current?.version ?? 0);
        } catch (error) {
          if (!(error instanceof ConflictError)) throw error;
          conflicts++;
        }
      }
    };

    await Promise.all(
      replicas.flatMap((store) =>
        [0, 1, 2].map(async () => {
          for (let i = 0; i < 10; i++) await increment(store);
        }),
      ),
    );

    expect(await replicas[0]!.get('counter')).toEqual({ value: 60, version: 60 });
    expect(conflicts).toBeGreaterThan(0);
  });

  it('counts a put as won when the SDK retries it after a lost reply', async () => {
    const table = await freshTable();
    const flaky = dynamo.client();
    const store = createDynamoStateStore({ table, client: flaky });
    loseNextReply(flaky, 'PutItemCommand');

    const version = await store.put('k', 'mine', 0);

    expect(version).toBe(1);
    expect(await store.get('k')).toEqual({ value: 'mine', version: 1 });
  });

  it('counts a delivery as new when the SDK retries it after a lost reply', async () => {
    const table = await freshTable();
    const flaky = dynamo.client();
    const store = createDynamoStateStore({ table, client: flaky });
    loseNextReply(flaky, 'PutItemCommand');

    expect(await store.markDelivery('d-1', 60_000)).toBe(true);
    expect(await store.markDelivery('d-1', 60_000)).toBe(false);
  });

  it('still reports a real conflict when a retried put lost to another writer', async () => {
    const table = await freshTable();
    const store = createDynamoStateStore({ table, client });
    await store.put('k', 'theirs', 0);

    await expect(store.put('k', 'mine', 0)).rejects.toThrow(/state of k is at version 1, not 0/);
  });

  it('rejects ping when the table does not exist', async () => {
    const store = createDynamoStateStore({ table: 'no-such-table', client });

    await expect(store.ping()).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});
