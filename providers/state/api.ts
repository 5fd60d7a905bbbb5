import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { StateStore } from '../../src/ports/state-store.ts';
import type { RetryDeps } from '../../src/util/with-retry.ts';
import { createFileStateStore } from './file/index.ts';

/** What a state store may need besides its setting. */
export interface StateStoreDeps {
  /** Epoch milliseconds (default `Date.now`). */
  clock?: () => number;
  /** Reads `AWS_REGION` and `DYNAMODB_ENDPOINT` for `dynamodb:` (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** A ready DynamoDB client; built from `env` when absent (and then closed with the store). */
  dynamodb?: DynamoDBClient;
  /** The retry policy's hooks for the DynamoDB client it builds (the server's retry metric). */
  retry?: RetryDeps;
}

/** A store, and how to let go of what it opened (a client it built) at shutdown. */
export interface OpenStore {
  store: StateStore;
  close(): Promise<void>;
}

/** One kind of state store: how `GUARD_STATE=<scheme>:<target>` is written, checked and opened. */
export interface StateStoreEntry {
  /** The setting's form, for messages: `dynamodb:<table>`. */
  usage: string;
  /** Why `target` (the part after `<scheme>:`) cannot name a store, or undefined when it can. */
  checkTarget?(target: string): string | undefined;
  /** A setting the store cannot start without, as `<VARIABLE>: <what to set>`; undefined when all are there. */
  missing?(settings: Readonly<Record<string, unknown>>): string | undefined;
  /** Loads what the store needs on first use (the AWS SDK costs a good part of a second of start-up). */
  open(target: string, deps: StateStoreDeps): Promise<OpenStore>;
}

/** DynamoDB's rule for table names. */
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;

/** Every state store, by the scheme `GUARD_STATE` names it with. One folder each, one entry each here. */
export const stateStores: ReadonlyMap<string, StateStoreEntry> = new Map<string, StateStoreEntry>([
  [
    'file',
    {
      usage: 'file:<dir> (e.g. file:.guard)',
      open: async (dir, { clock }) => ({
        store: createFileStateStore({ dir, clock }),
        close: async () => {},
      }),
    },
  ],
  [
    'dynamodb',
    {
      usage: 'dynamodb:<table>',
      checkTarget: (table) =>
        TABLE_NAME.test(table)
          ? undefined
          : `${JSON.stringify(table)} is not a DynamoDB table name (3–255 of A-Z a-z 0-9 _ . -)`,
      missing: (settings) =>
        settings.AWS_REGION
          ? undefined
          : 'AWS_REGION: required with GUARD_STATE=dynamodb:<table>, e.g. eu-west-1',
      open: async (table, { clock, dynamodb, env = process.env, retry }) => {
        const [{ createDynamoStateStore }, { clientFromEnv }] = await Promise.all([
          import('./dynamodb/index.ts'),
          import('../aws/dynamodb-client.ts'),
        ]);
        const client = dynamodb ?? clientFromEnv(env, retry);
        return {
          store: createDynamoStateStore({ table, client, clock }),
          close: async () => (dynamodb ? undefined : client.destroy()),
        };
      },
    },
  ],
]);

/** Every form `GUARD_STATE` accepts, for messages: `file:<dir> (e.g. file:.guard) or dynamodb:<table>`. */
export const STATE_SETTING_USAGE = [...stateStores.values()].map((entry) => entry.usage).join(' or ');

/**
 * The one reading of `GUARD_STATE`: `<scheme>:<target>` with a registered scheme and a target that
 * store accepts. Returns the entry, or a message that quotes the setting and says what is accepted,
 * so a typo stops start-up with an obvious fix.
 */
export function parseStateSetting(
  setting: string,
): { entry: StateStoreEntry; target: string } | { problem: string } {
  const colon = setting.indexOf(':');
  const entry = colon > 0 ? stateStores.get(setting.slice(0, colon)) : undefined;
  const target = setting.slice(colon + 1);
  if (!entry || target === '') {
    return {
      problem: `GUARD_STATE=${JSON.stringify(setting)} is not a state store; use ${STATE_SETTING_USAGE}`,
    };
  }
  const wrong = entry.checkTarget?.(target);
  return wrong ? { problem: `GUARD_STATE=${JSON.stringify(setting)}: ${wrong}` } : { entry, target };
}

/** The store a `GUARD_STATE` setting names, and how to close it; rejects with the parse problem. */
export async function openStateStore(setting: string, deps: StateStoreDeps = {}): Promise<OpenStore> {
  const parsed = parseStateSetting(setting);
  if ('problem' in parsed) throw new Error(parsed.problem);
  return parsed.entry.open(parsed.target, deps);
}

/** The store a `GUARD_STATE` setting names: `file:<dir>` or `dynamodb:<table>`. */
export async function createStateStore(setting: string, deps: StateStoreDeps = {}): Promise<StateStore> {
  return (await openStateStore(setting, deps)).store;
}
