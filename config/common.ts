import { z } from 'zod';

/** The `apiVersion` every GUARD file carries. */
export const API_VERSION = 'guard/v1';

/**
 * Names of clusters, batches and services. They appear in branch names
 * (`guard/<service>/<version>/<batch>`) and file paths, so they are kept to safe characters.
 */
export const Name = z
  .string()
  .regex(/^[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?$/, {
    message:
      'must be 1–63 lowercase letters, digits, ".", "_" or "-", starting and ending with a letter or digit',
  })
  .refine((s) => !s.includes('..'), { message: 'must not contain ".."' });

const DURATION = /^(\d+(ms|s|m|h|d))+$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses a duration such as `90s`, `30m`, `1h30m` or `2d` into milliseconds. */
export function parseDuration(text: string): number | undefined {
  if (!DURATION.test(text)) return undefined;
  let total = 0;
  for (const [, n, unit] of text.matchAll(/(\d+)(ms|s|m|h|d)/g)) total += Number(n) * UNIT_MS[unit!]!;
  return total;
}

/** A duration written as Go and Flux write them: `30s`, `30m`, `2h`, `1h30m`, `1d`. */
const DURATION_MESSAGE = 'must be a duration such as "30s", "30m", "2h" or "1h30m"';
export const Duration = z
  .string({ error: (issue) => (issue.input === undefined ? undefined : DURATION_MESSAGE) })
  .regex(DURATION, { message: DURATION_MESSAGE, abort: true });

/** A duration that must be at least `minMs` long (e.g. a soak interval of at least 10s). */
export function durationAtLeast(minMs: number, label: string) {
  return Duration.refine((s) => (parseDuration(s) ?? 0) >= minMs, { message: `must be at least ${label}` });
}
