import type { CheckOutcome } from '../ports/service-provider.ts';

/** The generic checks, in the order they run and appear as columns; provider checks follow. */
export const CHECKS = {
  api: 'api',
  nodes: 'nodes',
  workloads: 'workloads',
  drift: 'drift',
  upgradePath: 'upgrade-path',
  kubernetes: 'kubernetes',
  alerts: 'alerts',
  baselines: 'baselines',
} as const;

/** Longest reason kept: reasons can carry error messages from a cluster or a backend. */
const MAX_REASON = 300;

export function pass(check: string, reason: string): CheckOutcome {
  return { check, status: 'pass', reason: oneLine(reason) };
}

export function fail(check: string, reason: string): CheckOutcome {
  return { check, status: 'fail', reason: oneLine(reason) };
}

export function warn(check: string, reason: string): CheckOutcome {
  return { check, status: 'warn', reason: oneLine(reason) };
}

/** A thrown value as a reason: its message, never its stack. */
export function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.trim() || 'failed without a message';
}

/** Reasons go into a table and a list item: one line, bounded. */
export function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_REASON ? `${flat.slice(0, MAX_REASON - 1)}…` : flat;
}

/** `a, b, c and 4 more`: names in a reason without letting a long list take over the line. */
export function someOf(names: readonly string[], shown = 3): string {
  const head = names.slice(0, shown).join(', ');
  return names.length > shown ? `${head} and ${names.length - shown} more` : head;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
