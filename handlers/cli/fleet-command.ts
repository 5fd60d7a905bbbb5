import { existsSync, lstatSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { RegistryScan } from '../../providers/cluster-registry/scan-registry.ts';
import { lookupServiceProvider, serviceProviders } from '../../providers/services/api.ts';
import { formatDiagnostic, isError } from '../../src/diagnostics.ts';
import { mapRegistry } from '../../src/fleet-import/map-registry.ts';
import { mergeFleet } from '../../src/fleet-import/merge-fleet.ts';
import { loadFleet } from '../../src/load/load-fleet.ts';
import { importReport } from './import-report.ts';
import { type CliIo, UsageError } from './io.ts';

export const fleetUsage =
  'guard fleet import --dynamodb TABLE [--region R] [--out guard/fleet.yaml] [--dry-run]';

export interface FleetCommandDeps {
  /** Every item of `table`, read in `region` (or AWS_REGION), from DYNAMODB_ENDPOINT when set. */
  scan(table: string, region: string | undefined): Promise<RegistryScan>;
}

/** The AWS SDK loads only when this command runs, not with every `guard` command. */
const defaultDeps: FleetCommandDeps = {
  async scan(table, region) {
    const [{ scanRegistry }, { clientFromEnv }] = await Promise.all([
      import('../../providers/cluster-registry/scan-registry.ts'),
      import('../../providers/aws/dynamodb-client.ts'),
    ]);
    const client = clientFromEnv({ ...process.env, ...(region ? { AWS_REGION: region } : {}) });
    return scanRegistry(client, table).finally(() => client.destroy());
  },
};

/**
 * `guard fleet import`: reads a cluster registry table from DynamoDB (paginated Scan), maps it onto
 * `guard/fleet.yaml` — a new file, or merged into the existing one without touching its other
 * parts — checks the result with the same loader GUARD uses, and writes it only when it is valid.
 */
export async function fleetCommand(args: string[], io: CliIo, deps = defaultDeps): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'import') throw new UsageError(`unknown fleet command '${sub ?? ''}' (known: import)`);
  const { values } = parseArgs({
    args: rest,
    options: {
      dynamodb: { type: 'string' },
      region: { type: 'string' },
      out: { type: 'string', default: 'guard/fleet.yaml' },
      'dry-run': { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const table = values.dynamodb;
  if (!table) throw new UsageError('--dynamodb TABLE is required');
  if (!/^[A-Za-z0-9_.-]{3,255}$/.test(table))
    throw new UsageError(`--dynamodb '${table}' is not a DynamoDB table name (3–255 of A–Z a–z 0–9 _ . -)`);
  const outPath = resolve(io.cwd, values.out);
  const shown = relative(io.cwd, outPath) || values.out;
  const existing = readExisting(outPath);

  const scan = await deps.scan(table, values.region);
  const mapping = mapRegistry(scan.items);
  const say = values['dry-run'] ? io.err : io.out;
  say(
    `read ${scan.items.length} items from DynamoDB table ${table} in ${scan.pages} page${scan.pages === 1 ? '' : 's'}\n`,
  );
  if (mapping.clusters.length === 0) {
    say(importReport(shown, mapping, undefined));
    io.err(`guard fleet import: no item of ${table} could be mapped to a cluster; nothing written\n`);
    return 1;
  }
  const header = `guard/fleet.yaml, imported from the DynamoDB table ${table} by \`guard fleet import\`.`;
  const merged = mergeFleet(shown, existing, mapping.clusters, header);
  if ('diagnostics' in merged) {
    for (const d of merged.diagnostics) io.out(`${formatDiagnostic(d)}\n`);
    io.err(`guard fleet import: ${shown} cannot be read as YAML; fix it first, nothing written\n`);
    return 1;
  }
  const checked = loadFleet({
    text: merged.text,
    file: shown,
    providers: lookupServiceProvider,
    providerIds: [...serviceProviders.keys()],
  });
  const errors = checked.diagnostics.filter(isError);
  say(importReport(shown, mapping, merged));
  if (values['dry-run']) io.out(merged.text);
  if (errors.length) {
    // Positions are in the file as the import would leave it, which --dry-run prints.
    for (const d of errors) io.err(`${formatDiagnostic(d)}\n`);
    io.err(
      `guard fleet import: the result would not be a valid ${shown} (positions as --dry-run prints it); nothing written\n`,
    );
    return 1;
  }
  if (!values['dry-run']) {
    mkdirSync(dirname(outPath), { recursive: true });
    writeFileSync(outPath, merged.text);
    say(
      `wrote ${shown}${existing === undefined ? ': describe its services: next (docs/fleet-import.md)' : ''}\n`,
    );
  }
  return 0;
}

function readExisting(path: string): string | undefined {
  if (!existsSync(path)) return undefined;
  if (lstatSync(path).isSymbolicLink())
    throw new UsageError(`--out ${path} is a symbolic link; name the file itself`);
  return readFileSync(path, 'utf8');
}
