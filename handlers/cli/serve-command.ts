import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { withEnvFile } from '../server/env-file.ts';
import { startServer } from '../server/start-server.ts';
import type { CliIo } from './io.ts';

export const serveUsage = 'guard serve  (settings from the environment and .env)';

/** What `serve` waits on to stop: the process, or a test's emitter. */
export interface Signals {
  on(signal: 'SIGTERM' | 'SIGINT', listener: () => void): unknown;
}

/**
 * `guard serve`: runs GUARD until SIGTERM or SIGINT, then shuts down within GUARD_SHUTDOWN_GRACE
 * and returns 0 (the process entry then exits, whatever abandoned work still holds open). A second
 * signal while shutting down exits at once with 1 (`exit`). A bad setting stops start-up with one
 * line naming the variable (exit 1, through main's error line).
 */
export async function serveCommand(
  args: string[],
  io: CliIo,
  deps: {
    env?: Record<string, string | undefined>;
    signals?: Signals;
    exit?: (code: number) => void;
  } = {},
): Promise<number> {
  parseArgs({ args, options: {}, strict: true, allowPositionals: false });
  const env = await withEnvFile(join(io.cwd, '.env'), deps.env ?? process.env);
  const running = await startServer({ env, cwd: io.cwd });
  const signals = deps.signals ?? process;
  const exit = deps.exit ?? ((code: number) => process.exit(code));
  let received = 0;
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      received += 1;
      if (received > 1) {
        running.log.warn({ signal }, 'second signal while shutting down: exiting now');
        exit(1);
        return;
      }
      running.log.info({ signal, graceMs: running.settings.GUARD_SHUTDOWN_GRACE }, 'signal received');
      resolve();
    };
    signals.on('SIGTERM', () => stop('SIGTERM'));
    signals.on('SIGINT', () => stop('SIGINT'));
  });
  await running.close();
  return 0;
}
