import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { withEnvFile } from '../server/env-file.ts';
import { startServer } from '../server/start-server.ts';
import type { CliIo } from './io.ts';

export const serveUsage = 'guard serve  (settings from the environment and .env)';

/** What `serve` waits on to stop: the process, or a test's emitter. */
export interface Signals {
  once(signal: 'SIGTERM' | 'SIGINT', listener: () => void): unknown;
}

/**
 * `guard serve`: runs GUARD until SIGTERM or SIGINT, then shuts down gracefully and exits 0. A bad
 * setting stops start-up with one line naming the variable (exit 1, through main's error line).
 */
export async function serveCommand(
  args: string[],
  io: CliIo,
  deps: { env?: Record<string, string | undefined>; signals?: Signals } = {},
): Promise<number> {
  parseArgs({ args, options: {}, strict: true, allowPositionals: false });
  const env = await withEnvFile(join(io.cwd, '.env'), deps.env ?? process.env);
  const running = await startServer({ env, cwd: io.cwd });
  const signals = deps.signals ?? process;
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      running.log.info({ signal }, 'signal received');
      resolve();
    };
    signals.once('SIGTERM', () => stop('SIGTERM'));
    signals.once('SIGINT', () => stop('SIGINT'));
  });
  await running.close();
  return 0;
}
