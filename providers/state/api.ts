import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { StateStore } from '../../src/ports/state-store.ts';
import { clientFromEnv } from '../aws/dynamodb-client.ts';
import { createDynamoStateStore } from './dynamodb/index.ts';
import { createFileStateStore } from './file/index.ts';

/** What a state store may need besides its setting. */
export interface StateStoreDeps {
  /** Epoch milliseconds (default `Date.now`). */
  clock?: () => number;
  /** Reads `AWS_REGION` and `DYNAMODB_ENDPOINT` for `dynamodb:` (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** A ready DynamoDB client; built from `env` when absent. */
  dynamodb?: DynamoDBClient;
}

/** Builds a store from the part of the setting after `<scheme>:` (a folder, a table name). */
export type StateStoreFactory = (target: string, deps: StateStoreDeps) => StateStore;

/** Every state store, by the scheme `GUARD_STATE` names it with. One line per store; one folder each. */
export const stateStores: ReadonlyMap<string, StateStoreFactory> = new Map<string, StateStoreFactory>([
  ['file', (dir, { clock }) => createFileStateStore({ dir, clock })],
  [
    'dynamodb',
    (table, { clock, dynamodb, env = process.env }) =>
      createDynamoStateStore({ table, client: dynamodb ?? clientFromEnv(env), clock }),
  ],
]);

/** DynamoDB's rule for table names. */
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;

/**
 * The store a `GUARD_STATE` setting names: `file:<dir>` or `dynamodb:<table>`. Throws a message that
 * quotes the setting and says what is accepted, so a typo stops start-up with an obvious fix.
 */
export function createStateStore(setting: string, deps: StateStoreDeps = {}): StateStore {
  const colon = setting.indexOf(':');
  const scheme = colon > 0 ? setting.slice(0, colon) : '';
  const target = setting.slice(colon + 1);
  const factory = stateStores.get(scheme);
  if (!factory || target === '') {
    throw new Error(
      `GUARD_STATE=${JSON.stringify(setting)} is not a state store; use file:<dir> (e.g. file:.guard) or dynamodb:<table>`,
    );
  }
  if (scheme === 'dynamodb' && !TABLE_NAME.test(target)) {
    throw new Error(
      `GUARD_STATE=${JSON.stringify(setting)}: ${JSON.stringify(target)} is not a DynamoDB table name (3–255 of A-Z a-z 0-9 _ . -)`,
    );
  }
  return factory(target, deps);
}
