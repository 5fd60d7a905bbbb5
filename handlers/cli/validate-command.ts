import { parseArgs } from 'node:util';
import { formatDiagnostic, isError } from '../../src/diagnostics.ts';
import { type CliIo, UsageError } from './io.ts';
import { planCheckout } from './plan-checkout.ts';
import { repoDir } from './plan-command.ts';

export const validateUsage = 'guard validate [--repo DIR] [--format text|json]';

/** `guard validate`: every problem in the fleet repo's GUARD files, one `file:line:col: message` per line. */
export async function validateCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { repo: { type: 'string' }, format: { type: 'string', default: 'text' } },
    strict: true,
    allowPositionals: false,
  });
  if (values.format !== 'text' && values.format !== 'json')
    throw new UsageError(`--format must be text or json (got '${values.format}')`);
  const result = planCheckout(repoDir(io.cwd, values.repo));
  const errors = result.diagnostics.filter(isError);
  if (values.format === 'json') {
    const requests = result.plans.map((p) => ({
      service: p.service,
      version: p.version,
      waves: p.waves.length,
    }));
    io.out(
      `${JSON.stringify({ valid: errors.length === 0, errors, warnings: result.diagnostics.filter((d) => !isError(d)), requests }, null, 2)}\n`,
    );
  } else {
    for (const d of result.diagnostics) io.out(`${formatDiagnostic(d)}\n`);
    const summary = errors.length
      ? `${errors.length} error${errors.length === 1 ? '' : 's'}`
      : `valid: ${result.plans.map((p) => `${p.service} ${p.version} in ${p.waves.length} wave${p.waves.length === 1 ? '' : 's'}`).join('; ') || 'fleet only, no upgrade requested'}`;
    io.err(`${summary}\n`);
  }
  return errors.length ? 1 : 0;
}
