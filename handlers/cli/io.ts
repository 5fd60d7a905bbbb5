/** Where a command writes, and where it runs; tests pass their own. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  cwd: process.cwd(),
};

/** A mistake in how the command was called: exit code 2 and the usage line. */
export class UsageError extends Error {
  override name = 'UsageError';
}
