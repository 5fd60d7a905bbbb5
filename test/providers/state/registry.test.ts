import { mkdtempSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { clientFromEnv } from '../../../providers/aws/dynamodb-client.ts';
import {
  createStateStore,
  openStateStore,
  parseStateSetting,
  STATE_SETTING_USAGE,
  stateStores,
} from '../../../providers/state/api.ts';

const STATE_DIR = join(import.meta.dirname, '../../../providers/state');
const root = mkdtempSync(join(tmpdir(), 'guard-registry-'));

// A store's checkpoint may still be retiring a journal segment in the background: retry a folder that refills.
afterAll(() => rm(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));

describe('state store registry', () => {
  it('registers one store per folder under providers/state/, and a folder for every store', () => {
    const folders = readdirSync(STATE_DIR, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();

    expect([...stateStores.keys()].sort()).toEqual(folders);
  });

  it('opens a file store on the folder after file:', async () => {
    const dir = join(root, 'guard state');
    const store = await createStateStore(`file:${dir}`);

    await store.put('k', 'v', 0);

    expect(readdirSync(dir)).toContain('state');
    expect(await (await createStateStore(`file:${dir}`)).get('k')).toEqual({ value: 'v', version: 1 });
  });

  it('opens a DynamoDB store on the table after dynamodb:, with the injected client and no network', async () => {
    const client = new DynamoDBClient({ region: 'us-east-1' });

    const store = await createStateStore('dynamodb:guard-state', { dynamodb: client });

    expect(typeof store.ping).toBe('function');
    client.destroy();
  });

  it('builds a DynamoDB client from AWS_REGION and DYNAMODB_ENDPOINT', async () => {
    const client = clientFromEnv({ AWS_REGION: 'eu-west-1', DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000' });

    expect(await client.config.region()).toBe('eu-west-1');
    expect(await client.config.endpoint?.()).toMatchObject({ hostname: '127.0.0.1', port: 8000 });
    client.destroy();
  });

  it('leaves region and endpoint to the SDK when they are not set', async () => {
    const client = clientFromEnv({});

    expect(client.config.endpoint).toBeUndefined();
    client.destroy();
  });

  it('closes a DynamoDB client it built itself, and leaves an injected one to its owner', async () => {
    const env = { AWS_REGION: 'eu-west-1' };
    const destroy = vi.spyOn(DynamoDBClient.prototype, 'destroy');
    const injected = new DynamoDBClient({ region: 'us-east-1' });

    await (await openStateStore('dynamodb:guard-state', { env, dynamodb: injected })).close();
    const closedInjected = destroy.mock.contexts.length;
    await (await openStateStore('dynamodb:guard-state', { env })).close();

    expect(closedInjected).toBe(0);
    expect(destroy.mock.contexts).toHaveLength(1);
    expect(destroy.mock.contexts[0]).not.toBe(injected);
    destroy.mockRestore();
    injected.destroy();
  });

  it('says what every registered store accepts, in one list', () => {
    expect(STATE_SETTING_USAGE).toBe('file:<dir> (e.g. file:.guard) or dynamodb:<table>');
    expect([...stateStores.values()].map((entry) => entry.usage.split(':')[0])).toEqual([
      ...stateStores.keys(),
    ]);
  });

  it('names the setting a store cannot start without', () => {
    const dynamodb = parseStateSetting('dynamodb:guard-state');
    const file = parseStateSetting('file:.guard');

    expect('entry' in dynamodb && dynamodb.entry.missing?.({})).toMatch(/^AWS_REGION: required/);
    expect('entry' in dynamodb && dynamodb.entry.missing?.({ AWS_REGION: 'eu-west-1' })).toBeUndefined();
    expect('entry' in file && file.entry.missing?.({})).toBeUndefined();
  });

  it.each([
    ['', /GUARD_STATE="" is not a state store; use file:<dir> \(e\.g\. file:\.guard\) or dynamodb:<table>/],
    ['.guard', /GUARD_STATE=".guard" is not a state store/],
    ['redis://localhost', /GUARD_STATE="redis:\/\/localhost" is not a state store/],
    ['file:', /GUARD_STATE="file:" is not a state store/],
    ['dynamodb:', /GUARD_STATE="dynamodb:" is not a state store/],
    ['File:.guard', /GUARD_STATE="File:.guard" is not a state store/],
    ['dynamodb:guard state!', /"guard state!" is not a DynamoDB table name/],
  ])('rejects %j with a message naming the setting', async (setting, message) => {
    await expect(createStateStore(setting)).rejects.toThrow(message);
  });
});
