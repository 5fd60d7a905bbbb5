import type { ForgeEvent } from '../../src/engine/events.ts';

/**
 * What the webhook handlers ask before a verified event reaches the engine. Events that cannot
 * concern GUARD are answered 2xx (so the forge neither retries nor disables the hook) and dropped
 * before any job is made; every drop is counted by its reason.
 */
export interface IngressFilter {
  /** Why `event` cannot concern GUARD, or undefined to deliver it. Absent: deliver everything. */
  admit?(event: ForgeEvent): string | undefined;
  /** Counts a delivery dropped at ingress, whether its payload meant nothing or `admit` refused it. */
  dropped?(forge: ForgeEvent['forge'], reason: string): void;
}

/** Why `filter` refuses `event`, shaped like an ignored translation; undefined to deliver it. */
export function refusal(
  filter: IngressFilter,
  event: ForgeEvent,
): { ignored: string; reason: string } | undefined {
  const reason = filter.admit?.(event);
  return reason === undefined ? undefined : { ignored: reason, reason };
}
