import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fleetCommand } from '../../../handlers/cli/fleet-command.ts';
import { scanRegistry } from '../../../providers/cluster-registry/scan-registry.ts';
import { type LocalDynamo, startDynalite } from '../../providers/state/start-dynalite.ts';
import { runCli } from './run-cli.ts';

const TABLE = 'guard-clusters';
const ROLE = (account: string) => `arn:aws:iam::${account}:role/guard`;

/** A registry as the original GUARD kept it: one item per cluster, numbers where people typed numbers. */
const ITEMS = [
  {
    cluster_name: 'test-use1',
    batch: 'test',
    environment: 'test',
    region: 'us-east-1',
    account_id: '384729104856',
    role_arn: ROLE('384729104856'),
    current_version: '1.19.5',
  },
  {
    cluster_name: 'dev-use1',
    batch: 'dev-wave-1',
    environment: 'dev',
    region: 'us-east-1',
    account_id: '384729104856',
    role_arn: ROLE('384729104856'),
    current_version: '1.19.5',
  },
  {
    cluster_name: 'dev-euw1',
    batch: 'dev-wave-2',
    environment: 'dev',
    region: 'eu-west-1',
    account_id: '384729104856',
    role_arn: ROLE('384729104856'),
  },
  {
    cluster_name: 'stg-use1',
    batch: 'staging',
    environment: 'staging',
    region: 'us-east-1',
    account_id: '384729104856',
    role_arn: ROLE('384729104856'),
  },
  {
    cluster_name: 'prod-use1',
    batch: 'prod-wave-1',
    environment: 'prod',
    region: 'us-east-1',
    account_id: '619283746501',
    role_arn: ROLE('619283746501'),
  },
  {
    cluster_name: 'prod-euw1',
    batch: 'prod-wave-2',
    environment: 'prod',
    region: 'eu-west-1',
    account_id: '619283746501',
    role_arn: ROLE('999999999999'),
  },
  { cluster_name: 'Sandbox 7', batch: 'test', environment: 'test', region: 'us-east-1' },
];

let dynamo: LocalDynamo;

beforeAll(async () => {
  dynamo = await startDynalite();
  const client = dynamo.client();
  await client.send(
    new CreateTableCommand({
      TableName: TABLE,
      KeySchema: [{ AttributeName: 'cluster_name', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'cluster_name', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  for (const item of ITEMS) await client.send(new PutItemCommand({ TableName: TABLE, Item: marshall(item) }));
});

afterAll(() => dynamo.close());

/** The command as `guard fleet import` runs it, against dynalite, two items per Scan page. */
function run(args: string[], cwd: string) {
  let out = '';
  let err = '';
  const io = {
    out: (t: string) => {
      out += t;
    },
    err: (t: string) => {
      err += t;
    },
    cwd,
  };
  const scan = (table: string) => scanRegistry(dynamo.client(), table, 2);
  return fleetCommand(['import', '--dynamodb', TABLE, ...args], io, { scan }).then((code) => ({
    code,
    out,
    err,
  }));
}

function checkout(): string {
  return mkdtempSync(join(tmpdir(), 'guard-import-'));
}

describe('guard fleet import --dynamodb', () => {
  it('reads every page of the table and writes a fleet.yaml that guard validate accepts', async () => {
    const dir = checkout();

    const { code, out } = await run([], dir);

    expect(code).toBe(0);
    expect(out).toContain(`read ${ITEMS.length} items from DynamoDB table ${TABLE} in 4 pages`);
    const fleet = parse(readFileSync(join(dir, 'guard/fleet.yaml'), 'utf8'));
    expect(fleet.batches).toEqual(['test', 'dev-wave-1', 'dev-wave-2', 'staging', 'prod-wave-1']);
    expect(fleet.clusters.map((c: { name: string }) => c.name).sort()).toEqual([
      'dev-euw1',
      'dev-use1',
      'prod-use1',
      'stg-use1',
      'test-use1',
    ]);
    expect(fleet.clusters.find((c: { name: string }) => c.name === 'prod-use1')).toEqual({
      name: 'prod-use1',
      batch: 'prod-wave-1',
      environment: 'prod',
      region: 'us-east-1',
      eks: { name: 'prod-use1', roleArn: ROLE('619283746501') },
    });
    const validate = await runCli(['validate', '--repo', dir]);
    expect(validate).toMatchObject({ code: 0, err: 'valid: fleet only, no upgrade requested\n' });
  });

  it('prints what it could not map and why, and what it did not write', async () => {
    const { out } = await run(['--dry-run'], checkout()).then((r) => ({ out: r.err }));

    expect(out).toMatch(/item \d \(Sandbox 7\): cluster name 'Sandbox 7' must be/);
    expect(out).toMatch(
      /item \d \(prod-euw1\): 'prod-euw1': role ARN is in account 999999999999 but the item's account is 619283746501/,
    );
    expect(out).toContain('current versions are not written');
    expect(out).toContain('dev-use1 1.19.5');
  });

  it('with --dry-run prints the file and writes nothing', async () => {
    const dir = checkout();

    const { code, out } = await run(['--dry-run'], dir);

    expect(code).toBe(0);
    expect(parse(out).kind).toBe('Fleet');
    expect(() => readFileSync(join(dir, 'guard/fleet.yaml'))).toThrow(/ENOENT/);
  });

  it('merges into an existing fleet.yaml without touching its services, windows or comments', async () => {
    const dir = checkout();
    mkdirSync(join(dir, 'guard'));
    const before = [
      '# Owned by #team-platform.',
      'apiVersion: guard/v1',
      'kind: Fleet',
      'batches: [test, staging]   # wave order',
      'clusters:',
      '  # the CI cluster',
      '  - name: test-use1',
      '    batch: test',
      '    environment: test',
      '    region: us-east-1',
      '    eks: { name: test-use1, roleArn: "arn:aws:iam::384729104856:role/guard" }',
      'services:',
      '  istio:',
      '    provider: istio      # defaults',
      '    files: ["clusters/{cluster}/istio/*.yaml"]',
      '',
    ].join('\n');
    writeFileSync(join(dir, 'guard/fleet.yaml'), before);

    const { code, out } = await run([], dir);

    expect(code).toBe(0);
    const after = readFileSync(join(dir, 'guard/fleet.yaml'), 'utf8');
    expect(
      after.startsWith(
        before
          .slice(0, before.indexOf('services:'))
          .replace('[test, staging]', '[test, staging, dev-wave-1, dev-wave-2, prod-wave-1]'),
      ),
    ).toBe(true);
    expect(after.endsWith(before.slice(before.indexOf('services:')))).toBe(true);
    expect(out).toContain('clusters 4 added, 0 updated, 1 unchanged');
  });

  it('writes nothing when the result would not be a valid fleet', async () => {
    const dir = checkout();
    mkdirSync(join(dir, 'guard'));
    const broken =
      'apiVersion: guard/v1\nkind: Fleet\nbatches: [test]\nclusters: []\nservices:\n  x: { provider: nope, files: [a.yaml] }\n';
    writeFileSync(join(dir, 'guard/fleet.yaml'), broken);

    const { code, err } = await run([], dir);

    expect(code).toBe(1);
    expect(err).toMatch(/^guard\/fleet\.yaml:\d+:\d+: services\.x\.provider: unknown provider 'nope'/m);
    expect(err).toContain('nothing written');
    expect(readFileSync(join(dir, 'guard/fleet.yaml'), 'utf8')).toBe(broken);
  });

  it('says which table is missing', async () => {
    const io = { out: () => {}, err: () => {}, cwd: checkout() };
    const scan = (table: string) => scanRegistry(dynamo.client(), table);

    await expect(fleetCommand(['import', '--dynamodb', 'no-such-table'], io, { scan })).rejects.toThrow(
      /no-such-table/,
    );
  });

  it('refuses a call without a table', async () => {
    const { code, err } = await runCli(['fleet', 'import']);

    expect(code).toBe(2);
    expect(err).toContain('--dynamodb TABLE is required');
  });
});
