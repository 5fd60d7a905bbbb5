import type { Window } from '../../config/fleet.ts';

/**
 * Maintenance windows (fleet.yaml `windows:`): when GUARD may open the next wave's MR.
 *
 * Pure: the current time comes in as a parameter, time zones come from `Intl.DateTimeFormat`.
 *
 * Semantics
 * - A window is local wall-clock time in its IANA zone. `days` are the local weekdays on which the
 *   window *starts*; `end` earlier than `start` means it ends the next local day (fri 22:00–04:00 runs
 *   from Friday 22:00 to Saturday 04:00).
 * - A window is the half-open interval [start, end): the start instant is open, the end instant closed.
 * - DST gap (a local time that does not exist that day, e.g. 02:30 on 2026-03-29 in Europe/Berlin):
 *   the first valid instant after it, i.e. the moment of the transition (03:00 CEST). This applies to
 *   `start` and `end` alike, so a window lying wholly inside the gap is empty that day.
 * - DST overlap (a local time that occurs twice, e.g. 02:30 on 2026-10-25 in Europe/Berlin): the
 *   earlier instant (02:30 CEST), again for `start` and `end` alike.
 * - Windows that overlap or touch (one ends where another starts, in any zones) form one open period;
 *   `closesAt` is the end of that period.
 * - The search looks {@link WINDOW_SEARCH_DAYS} days ahead: no window opening within that time gives
 *   no `opensAt`; an open period lasting beyond it (windows covering the whole week) gives no `closesAt`.
 */

/** How far ahead windowStatus looks for the next opening or the end of the open period. */
export const WINDOW_SEARCH_DAYS = 8;

export interface WindowStatus {
  /** Whether GUARD may promote now. */
  open: boolean;
  /** When open: the end of the current (merged) open period, when within the search horizon. */
  closesAt?: Date;
  /** IANA zone of the window whose end is `closesAt`. */
  closesIn?: string;
  /** When closed: the next moment a window opens, when within the search horizon. */
  opensAt?: Date;
  /** IANA zone of the window that opens at `opensAt` (the first listed, if several open together). */
  opensIn?: string;
}

type Weekday = Window['days'][number];

/** Indexed by `Date.prototype.getUTCDay()`. */
const DAY_NAMES: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const SHORT_DAY = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** One concrete occurrence of a window, as instants (ms since the epoch). */
interface Occurrence {
  start: number;
  end: number;
  zone: string;
  /** Position of the window in the list: breaks ties between windows opening at the same instant. */
  order: number;
}

export function windowStatus(windows: readonly Window[] | undefined, now: Date): WindowStatus {
  if (!windows || windows.length === 0) return { open: true };
  const t = now.getTime();
  const horizon = t + WINDOW_SEARCH_DAYS * DAY;

  const occurrences = windows
    .flatMap((w, order) => occurrencesAround(w, order, t))
    .sort((a, b) => a.start - b.start || a.order - b.order);

  // Merge overlapping or touching occurrences into open periods and find the one holding `now`.
  let i = 0;
  while (i < occurrences.length) {
    const first = occurrences[i]!;
    let end = first.end;
    let endZone = first.zone;
    let j = i + 1;
    while (j < occurrences.length && occurrences[j]!.start <= end) {
      const next = occurrences[j]!;
      if (next.end > end) {
        end = next.end;
        endZone = next.zone;
      }
      j++;
    }
    if (first.start <= t && t < end) {
      // Occurrences are generated for every start up to past the horizon, so a period ending
      // within it is complete; one running beyond it has no known end.
      return end <= horizon ? { open: true, closesAt: new Date(end), closesIn: endZone } : { open: true };
    }
    if (first.start > t) {
      return first.start <= horizon
        ? { open: false, opensAt: new Date(first.start), opensIn: first.zone }
        : { open: false };
    }
    i = j;
  }
  return { open: false };
}

/**
 * Short text for the precheck status. `timezoneHint` formats a time whose zone the status does not
 * carry (`opensIn` / `closesIn`); UTC without either.
 */
export function describeOpening(status: WindowStatus, timezoneHint?: string): string {
  if (status.open) {
    if (!status.closesAt) return 'no maintenance window holds promotion back';
    const zone = status.closesIn ?? timezoneHint ?? 'UTC';
    return `inside the window that closes ${formatInZone(status.closesAt, zone)}`;
  }
  if (!status.opensAt) {
    return `waiting for a maintenance window (none opens within the next ${WINDOW_SEARCH_DAYS} days)`;
  }
  const zone = status.opensIn ?? timezoneHint ?? 'UTC';
  return `waiting for the window that opens ${formatInZone(status.opensAt, zone)}`;
}

/** "Mon 2026-11-30 09:00 Europe/Berlin": local weekday, date and time in `zone`, then the zone. */
export function formatInZone(at: Date, zone: string): string {
  const p = localParts(zone, at.getTime());
  const weekday = SHORT_DAY[new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay()]!;
  return `${weekday} ${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)} ${zone}`;
}

/**
 * Occurrences of `w` starting on local dates from two days before to nine days after the local date
 * of `t`: enough to see an occurrence still open at `t` and every start up to the search horizon
 * (nine days, not eight, because a spring-forward day shortens eight days of local time by an hour).
 */
function occurrencesAround(w: Window, order: number, t: number): Occurrence[] {
  const zone = w.timezone;
  const days = new Set<Weekday>(w.days);
  const [startHour, startMinute] = clock(w.start);
  const [endHour, endMinute] = clock(w.end);
  const overnight = w.end < w.start;
  const today = localParts(zone, t);
  const out: Occurrence[] = [];
  for (let k = -2; k <= WINDOW_SEARCH_DAYS + 1; k++) {
    const date = new Date(Date.UTC(today.year, today.month - 1, today.day + k));
    if (!days.has(DAY_NAMES[date.getUTCDay()]!)) continue;
    const y = date.getUTCFullYear();
    const m = date.getUTCMonth() + 1;
    const d = date.getUTCDate();
    const start = wallClockToInstant(zone, y, m, d, startHour, startMinute);
    const end = wallClockToInstant(zone, y, m, d + (overnight ? 1 : 0), endHour, endMinute);
    // Empty when the whole window falls into a DST gap.
    if (end > start) out.push({ start, end, zone, order });
  }
  return out;
}

function clock(hhmm: string): [number, number] {
  const [h, m] = hhmm.split(':');
  return [Number(h), Number(m)];
}

/**
 * The instant at which the wall clock in `zone` reads y-m-d h:mi (day overflow normalises, so d may
 * be the last day of a month plus one). Ambiguous (overlap): the earlier instant. Non-existent (gap):
 * the first instant after it, which is the transition itself.
 */
export function wallClockToInstant(
  zone: string,
  y: number,
  m: number,
  d: number,
  h: number,
  mi: number,
): number {
  const wall = Date.UTC(y, m - 1, d, h, mi);
  // Offsets in force around this wall time; DST transitions are months apart, so ±1 day sees both.
  const offsets = [
    ...new Set([offsetAt(zone, wall - DAY), offsetAt(zone, wall), offsetAt(zone, wall + DAY)]),
  ];
  const valid = offsets
    .map((o) => wall - o)
    .filter((candidate) => offsetAt(zone, candidate) === wall - candidate);
  if (valid.length > 0) return Math.min(...valid);

  // A gap: local time jumps over `wall`. Binary-search (to the second) the first instant whose local
  // time is at or after `wall`; before the jump local time is earlier, after it later.
  let lo = wall - Math.max(...offsets); // local time before `wall`
  let hi = wall - Math.min(...offsets); // local time after `wall`
  lo = Math.floor(lo / 1000);
  hi = Math.ceil(hi / 1000);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (mid * 1000 + offsetAt(zone, mid * 1000) >= wall) hi = mid;
    else lo = mid;
  }
  return hi * 1000;
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

function localParts(zone: string, t: number): LocalParts {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const part of formatterFor(zone).formatToParts(t)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    // Some engines still print midnight as 24 despite h23.
    hour: parts.hour! % 24,
    minute: parts.minute!,
    second: parts.second!,
  };
}

/** Local time minus UTC in `zone` at instant `t`, in ms (whole seconds). */
function offsetAt(zone: string, t: number): number {
  const p = localParts(zone, t);
  const wholeSecond = Math.floor(t / 1000) * 1000;
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - wholeSecond;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
