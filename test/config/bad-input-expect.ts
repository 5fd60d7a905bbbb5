/** Assertions shared by the bad-input suites. */
import { expect, it } from 'vitest';
import { type CliRun, diagnose, type Files, removeRepo, runCli, writeRepo } from './bad-input-helpers.ts';

/** A JavaScript stack frame (`    at fn (file:1:2)`) or an uncaught error's `SomeError: …` line. */
const STACK = /^ {4}at |^\w*Error: /m;

export function expectNoStackTrace(run: CliRun): void {
  expect.soft(run.out, 'stdout has a stack trace').not.toMatch(STACK);
  expect.soft(run.err, 'stderr has a stack trace').not.toMatch(STACK);
}

const lines = (text: string) => text.split('\n').filter(Boolean);
const isWarning = (line: string) => /^[^:]+:\d+:\d+: warning: /.test(line);

/**
 * The whole check for one bad-input case:
 * - planning the repo in memory reports exactly `expected`: every line, in order, nothing else;
 * - `guard validate` on the same repo on disk prints exactly those lines on stdout, exits 1 when any
 *   of them is an error (0 for warnings only), and prints no stack trace;
 * - `guard plan` on it prints the same lines on stderr, exits the same way, and prints no stack trace.
 */
export async function expectDiagnostics(files: Files, expected: readonly string[]): Promise<void> {
  expect.soft(diagnose(files), 'planRepo diagnostics').toEqual(expected);
  const exit = expected.some((l) => !isWarning(l)) ? 1 : 0;
  const root = writeRepo(files);
  try {
    const validate = await runCli(['validate', '--repo', root], root);
    expectNoStackTrace(validate);
    expect.soft(lines(validate.out), 'guard validate stdout').toEqual(expected);
    expect.soft(validate.code, 'guard validate exit code').toBe(exit);
    const plan = await runCli(['plan', '--repo', root], root);
    expectNoStackTrace(plan);
    expect.soft(lines(plan.err), 'guard plan stderr').toEqual(expected);
    expect.soft(plan.code, 'guard plan exit code').toBe(exit);
  } finally {
    removeRepo(root);
  }
}

/** One bad-input case: the repo, and every line `guard validate` must print for it. */
export interface Case {
  /** A sentence saying what is reported, used as the test name. */
  name: string;
  files: Files;
  expected: string[];
}

/** One test per case, named by its sentence (in full: `it.each` would truncate `$name`). */
export function itReports(cases: readonly Case[]): void {
  for (const { name, files, expected } of cases) it(name, () => expectDiagnostics(files, expected));
}
