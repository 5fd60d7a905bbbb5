import { describe, expect, it } from 'vitest';
import type { Window } from '../../../config/fleet.ts';
import {
  describeOpening,
  formatInZone,
  type WindowStatus,
  wallClockToInstant,
  windowStatus,
} from '../../../src/rollout/windows.ts';

type Day = Window['days'][number];

function win(days: Day[], start: string, end: string, timezone: string): Window {
  return { days, start, end, timezone };
}

const WEEKDAYS: Day[] = ['mon', 'tue', 'wed', 'thu', 'fri'];
const EVERY_DAY: Day[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';
const TOKYO = 'Asia/Tokyo';

/** DESIGN.md's example: Monday to Thursday, 09:00–16:00 in Berlin. */
const OFFICE = [win(['mon', 'tue', 'wed', 'thu'], '09:00', '16:00', BERLIN)];
const FRIDAY_NIGHT = [win(['fri'], '22:00', '04:00', BERLIN)];

/** The status as plain ISO strings, so a table row states the whole expectation. */
function status(windows: readonly Window[] | undefined, now: string) {
  const s = windowStatus(windows, new Date(now));
  return {
    open: s.open,
    ...(s.closesAt ? { closesAt: s.closesAt.toISOString(), closesIn: s.closesIn } : {}),
    ...(s.opensAt ? { opensAt: s.opensAt.toISOString(), opensIn: s.opensIn } : {}),
  };
}

function openUntil(closesAt: string, closesIn = BERLIN) {
  return { open: true, closesAt, closesIn };
}

function closedUntil(opensAt: string, opensIn = BERLIN) {
  return { open: false, opensAt, opensIn };
}

interface Row {
  name: string;
  windows: readonly Window[] | undefined;
  now: string;
  expected: ReturnType<typeof status>;
}

function table(rows: Row[]) {
  it.each(rows)('$name', ({ windows, now, expected }) => {
    expect(status(windows, now)).toEqual(expected);
  });
}

describe('windowStatus without windows', () => {
  table([
    {
      name: 'is always open when fleet.yaml has no windows',
      windows: undefined,
      now: '2026-12-05T03:00:00Z',
      expected: { open: true },
    },
    {
      name: 'is always open when the windows list is empty',
      windows: [],
      now: '2026-12-05T03:00:00Z',
      expected: { open: true },
    },
  ]);
});

describe('windowStatus with a simple window (Mon–Thu 09:00–16:00 Berlin, CET = UTC+1)', () => {
  table([
    {
      name: 'is open inside the window and closes at its end',
      windows: OFFICE,
      now: '2026-11-30T10:00:00Z',
      expected: openUntil('2026-11-30T15:00:00.000Z'),
    },
    {
      name: 'is closed before the window and opens at its start the same day',
      windows: OFFICE,
      now: '2026-11-30T07:59:00Z',
      expected: closedUntil('2026-11-30T08:00:00.000Z'),
    },
    {
      name: 'is open at the exact start instant',
      windows: OFFICE,
      now: '2026-11-30T08:00:00Z',
      expected: openUntil('2026-11-30T15:00:00.000Z'),
    },
    {
      name: 'is still open one millisecond before the end',
      windows: OFFICE,
      now: '2026-11-30T14:59:59.999Z',
      expected: openUntil('2026-11-30T15:00:00.000Z'),
    },
    {
      name: 'is closed at the exact end instant and opens the next morning',
      windows: OFFICE,
      now: '2026-11-30T15:00:00Z',
      expected: closedUntil('2026-12-01T08:00:00.000Z'),
    },
    {
      name: 'is closed on Thursday evening and opens on Monday after the weekend',
      windows: OFFICE,
      now: '2026-12-03T15:00:00Z',
      expected: closedUntil('2026-12-07T08:00:00.000Z'),
    },
    {
      name: 'is closed on Saturday and opens on Monday',
      windows: OFFICE,
      now: '2026-12-05T12:00:00Z',
      expected: closedUntil('2026-12-07T08:00:00.000Z'),
    },
    {
      name: 'is closed on Friday during office hours because Friday is not listed',
      windows: OFFICE,
      now: '2026-12-04T10:00:00Z',
      expected: closedUntil('2026-12-07T08:00:00.000Z'),
    },
    {
      name: 'finds the opening a full week ahead for a single-day window',
      windows: [win(['mon'], '09:00', '16:00', BERLIN)],
      now: '2026-11-30T15:00:00Z',
      expected: closedUntil('2026-12-07T08:00:00.000Z'),
    },
  ]);
});

describe('windowStatus with an overnight window (Fri 22:00–04:00 Berlin)', () => {
  table([
    {
      name: 'is closed on Friday evening before 22:00 local',
      windows: FRIDAY_NIGHT,
      now: '2026-12-04T20:59:00Z',
      expected: closedUntil('2026-12-04T21:00:00.000Z'),
    },
    {
      name: 'is open on Friday before midnight and closes on Saturday 04:00 local',
      windows: FRIDAY_NIGHT,
      now: '2026-12-04T22:30:00Z',
      expected: openUntil('2026-12-05T03:00:00.000Z'),
    },
    {
      name: 'is open on Saturday after midnight and closes at 04:00 local',
      windows: FRIDAY_NIGHT,
      now: '2026-12-05T00:00:00Z',
      expected: openUntil('2026-12-05T03:00:00.000Z'),
    },
    {
      name: 'is closed at Saturday 04:00 local and opens the next Friday',
      windows: FRIDAY_NIGHT,
      now: '2026-12-05T03:00:00Z',
      expected: closedUntil('2026-12-11T21:00:00.000Z'),
    },
    {
      name: 'is closed early on Friday because the days name the night on which the window starts',
      windows: FRIDAY_NIGHT,
      now: '2026-12-04T00:00:00Z',
      expected: closedUntil('2026-12-04T21:00:00.000Z'),
    },
    {
      name: 'runs into the next month and year',
      windows: [win(['thu'], '23:00', '01:00', BERLIN)],
      now: '2026-12-31T23:30:00Z',
      expected: openUntil('2027-01-01T00:00:00.000Z'),
    },
  ]);
});

describe('windowStatus with several windows in different zones', () => {
  // In December: Tokyo 09:00–17:00 = 00:00–08:00Z, Berlin 09:00–16:00 = 08:00–15:00Z,
  // New York 09:00–17:00 = 14:00–22:00Z. Together one period from 00:00Z to 22:00Z on weekdays.
  const FOLLOW_THE_SUN = [
    win(WEEKDAYS, '09:00', '17:00', NEW_YORK),
    win(WEEKDAYS, '09:00', '17:00', TOKYO),
    win(WEEKDAYS, '09:00', '16:00', BERLIN),
  ];
  table([
    {
      name: 'is open in the Tokyo window and closes when the New York window ends',
      windows: FOLLOW_THE_SUN,
      now: '2026-12-01T03:00:00Z',
      expected: openUntil('2026-12-01T22:00:00.000Z', NEW_YORK),
    },
    {
      name: 'is open in the New York window alone',
      windows: FOLLOW_THE_SUN,
      now: '2026-12-01T21:00:00Z',
      expected: openUntil('2026-12-01T22:00:00.000Z', NEW_YORK),
    },
    {
      name: 'is closed after New York closes and opens with the Tokyo window',
      windows: FOLLOW_THE_SUN,
      now: '2026-12-01T22:00:00Z',
      expected: closedUntil('2026-12-02T00:00:00.000Z', TOKYO),
    },
    {
      name: 'is closed over the weekend and opens with Tokyo on Monday 09:00 JST (00:00Z)',
      windows: FOLLOW_THE_SUN,
      now: '2026-12-04T22:00:00Z',
      expected: closedUntil('2026-12-07T00:00:00.000Z', TOKYO),
    },
    {
      name: 'names the first listed window when two open at the same instant',
      windows: [win(['mon'], '09:00', '10:00', 'UTC'), win(['mon'], '10:00', '12:00', BERLIN)],
      now: '2026-11-30T08:00:00Z',
      expected: closedUntil('2026-11-30T09:00:00.000Z', 'UTC'),
    },
  ]);
});

describe('windowStatus merges windows that overlap or touch', () => {
  table([
    {
      name: 'closes at the end of a second window starting where the first ends',
      windows: [win(['mon'], '09:00', '12:00', BERLIN), win(['mon'], '12:00', '16:00', BERLIN)],
      now: '2026-11-30T09:00:00Z',
      expected: openUntil('2026-11-30T15:00:00.000Z'),
    },
    {
      name: 'closes at the end of an overlapping window in another zone',
      windows: [win(['mon'], '09:00', '12:00', BERLIN), win(['mon'], '10:00', '14:00', 'UTC')],
      now: '2026-11-30T08:30:00Z',
      expected: openUntil('2026-11-30T14:00:00.000Z', 'UTC'),
    },
    {
      name: 'keeps the later end when a window lies inside another',
      windows: [win(['mon'], '09:00', '16:00', BERLIN), win(['mon'], '10:00', '11:00', BERLIN)],
      now: '2026-11-30T09:30:00Z',
      expected: openUntil('2026-11-30T15:00:00.000Z'),
    },
    {
      name: 'does not merge windows separated by a minute',
      windows: [win(['mon'], '09:00', '12:00', BERLIN), win(['mon'], '12:01', '16:00', BERLIN)],
      now: '2026-11-30T09:00:00Z',
      expected: openUntil('2026-11-30T11:00:00.000Z'),
    },
    {
      name: 'chains an overnight window into the next day window',
      windows: [win(['sun'], '22:00', '06:00', BERLIN), win(['mon'], '06:00', '16:00', BERLIN)],
      now: '2026-11-29T22:00:00Z',
      expected: openUntil('2026-11-30T15:00:00.000Z'),
    },
    {
      name: 'gives no closing time when the windows cover the whole week',
      windows: [win(EVERY_DAY, '22:00', '06:00', BERLIN), win(EVERY_DAY, '06:00', '22:00', BERLIN)],
      now: '2026-11-30T12:00:00Z',
      expected: { open: true },
    },
  ]);
});

describe('windowStatus across DST changes in Europe/Berlin (2026-03-29 and 2026-10-25)', () => {
  table([
    {
      name: 'opens on the Monday after spring-forward at 09:00 CEST (07:00Z)',
      windows: [win(WEEKDAYS, '09:00', '16:00', BERLIN)],
      now: '2026-03-27T15:00:00Z',
      expected: closedUntil('2026-03-30T07:00:00.000Z'),
    },
    {
      name: 'is open for three real hours on the spring-forward night (01:00 CET to 05:00 CEST)',
      windows: [win(['sun'], '01:00', '05:00', BERLIN)],
      now: '2026-03-29T02:59:00Z',
      expected: openUntil('2026-03-29T03:00:00.000Z'),
    },
    {
      name: 'opens on the Monday after fall-back at 09:00 CET (08:00Z)',
      windows: [win(WEEKDAYS, '09:00', '16:00', BERLIN)],
      now: '2026-10-23T14:00:00Z',
      expected: closedUntil('2026-10-26T08:00:00.000Z'),
    },
    {
      name: 'is open for five real hours on the fall-back night (01:00 CEST to 05:00 CET)',
      windows: [win(['sun'], '01:00', '05:00', BERLIN)],
      now: '2026-10-25T01:30:00Z',
      expected: openUntil('2026-10-25T04:00:00.000Z'),
    },
    {
      name: 'opens an ambiguous 02:30 start at its earlier instant (CEST)',
      windows: [win(['sun'], '02:30', '05:00', BERLIN)],
      now: '2026-10-25T00:00:00Z',
      expected: closedUntil('2026-10-25T00:30:00.000Z'),
    },
    {
      name: 'stays open through the repeated hour after an ambiguous start',
      windows: [win(['sun'], '02:30', '05:00', BERLIN)],
      now: '2026-10-25T01:15:00Z',
      expected: openUntil('2026-10-25T04:00:00.000Z'),
    },
    {
      name: 'ends an ambiguous 02:30 end at its earlier instant (CEST)',
      windows: [win(['sun'], '01:00', '02:30', BERLIN)],
      now: '2026-10-25T00:29:00Z',
      expected: openUntil('2026-10-25T00:30:00.000Z'),
    },
    {
      name: 'is open on the fall-back Saturday night until 04:00 CET',
      windows: [win(['sat'], '22:00', '04:00', BERLIN)],
      now: '2026-10-24T20:00:00Z',
      expected: openUntil('2026-10-25T03:00:00.000Z'),
    },
  ]);
});

describe('windowStatus across DST changes in America/New_York (2026-03-08 and 2026-11-01)', () => {
  table([
    {
      name: 'opens on the Monday after spring-forward at 09:00 EDT (13:00Z)',
      windows: [win(WEEKDAYS, '09:00', '17:00', NEW_YORK)],
      now: '2026-03-06T22:00:00Z',
      expected: closedUntil('2026-03-09T13:00:00.000Z', NEW_YORK),
    },
    {
      name: 'closes at 17:00 EDT on the first weekday after spring-forward',
      windows: [win(WEEKDAYS, '09:00', '17:00', NEW_YORK)],
      now: '2026-03-09T20:00:00Z',
      expected: openUntil('2026-03-09T21:00:00.000Z', NEW_YORK),
    },
    {
      name: 'opens on the Monday after fall-back at 09:00 EST (14:00Z)',
      windows: [win(WEEKDAYS, '09:00', '17:00', NEW_YORK)],
      now: '2026-10-30T21:00:00Z',
      expected: closedUntil('2026-11-02T14:00:00.000Z', NEW_YORK),
    },
    {
      name: 'opens an ambiguous 01:30 start at its earlier instant (EDT)',
      windows: [win(['sun'], '01:30', '03:00', NEW_YORK)],
      now: '2026-11-01T05:00:00Z',
      expected: closedUntil('2026-11-01T05:30:00.000Z', NEW_YORK),
    },
    {
      name: 'is open in the repeated 01:45 (EST) and closes at 03:00 EST',
      windows: [win(['sun'], '01:30', '03:00', NEW_YORK)],
      now: '2026-11-01T06:45:00Z',
      expected: openUntil('2026-11-01T08:00:00.000Z', NEW_YORK),
    },
    {
      name: 'is open for five real hours across the fall-back night (22:00 EDT to 02:00 EST)',
      windows: [win(['sat'], '22:00', '02:00', NEW_YORK)],
      now: '2026-11-01T06:30:00Z',
      expected: openUntil('2026-11-01T07:00:00.000Z', NEW_YORK),
    },
  ]);
});

describe('windowStatus with a start in the DST gap', () => {
  table([
    {
      name: 'opens a Berlin 02:30 start at 03:00 CEST, the first valid instant after it',
      windows: [win(['sun'], '02:30', '05:00', BERLIN)],
      now: '2026-03-29T00:45:00Z',
      expected: closedUntil('2026-03-29T01:00:00.000Z'),
    },
    {
      name: 'is open from the transition instant on',
      windows: [win(['sun'], '02:30', '05:00', BERLIN)],
      now: '2026-03-29T01:00:00Z',
      expected: openUntil('2026-03-29T03:00:00.000Z'),
    },
    {
      name: 'ends a Berlin window whose end falls into the gap at 03:00 CEST',
      windows: [win(['sun'], '00:00', '02:30', BERLIN)],
      now: '2026-03-29T00:59:00Z',
      expected: openUntil('2026-03-29T01:00:00.000Z'),
    },
    {
      name: 'skips a Berlin window lying wholly inside the gap and opens a week later',
      windows: [win(['sun'], '02:00', '02:45', BERLIN)],
      now: '2026-03-29T00:30:00Z',
      expected: closedUntil('2026-04-05T00:00:00.000Z'),
    },
    {
      name: 'opens a New York 02:15 start at 03:00 EDT',
      windows: [win(['sun'], '02:15', '03:30', NEW_YORK)],
      now: '2026-03-08T06:30:00Z',
      expected: closedUntil('2026-03-08T07:00:00.000Z', NEW_YORK),
    },
    {
      name: 'opens the same New York window at 02:15 EDT the following week',
      windows: [win(['sun'], '02:15', '03:30', NEW_YORK)],
      now: '2026-03-08T07:30:00Z',
      expected: closedUntil('2026-03-15T06:15:00.000Z', NEW_YORK),
    },
  ]);
});

describe('windowStatus without any opening ahead', () => {
  table([
    {
      name: 'is closed with no opening when a window lists no days',
      windows: [win([], '09:00', '16:00', BERLIN)],
      now: '2026-11-30T10:00:00Z',
      expected: { open: false },
    },
  ]);
});

describe('wallClockToInstant', () => {
  it.each([
    ['an ordinary winter time in Berlin', BERLIN, [2026, 1, 15, 12, 0], '2026-01-15T11:00:00.000Z'],
    ['an ordinary summer time in Berlin', BERLIN, [2026, 7, 15, 12, 0], '2026-07-15T10:00:00.000Z'],
    ['a Berlin gap time as the transition instant', BERLIN, [2026, 3, 29, 2, 0], '2026-03-29T01:00:00.000Z'],
    [
      'a Berlin overlap time as the earlier instant',
      BERLIN,
      [2026, 10, 25, 2, 0],
      '2026-10-25T00:00:00.000Z',
    ],
    [
      'a New York gap time as the transition instant',
      NEW_YORK,
      [2026, 3, 8, 2, 59],
      '2026-03-08T07:00:00.000Z',
    ],
    [
      'a New York overlap time as the earlier instant',
      NEW_YORK,
      [2026, 11, 1, 1, 0],
      '2026-11-01T05:00:00.000Z',
    ],
    [
      'a day past the end of the month as the next month',
      'UTC',
      [2026, 12, 32, 0, 30],
      '2027-01-01T00:30:00.000Z',
    ],
    ['a half-hour zone', 'Asia/Kolkata', [2026, 6, 1, 9, 0], '2026-06-01T03:30:00.000Z'],
  ] as const)('converts %s', (_, zone, [y, m, d, h, mi], expected) => {
    expect(new Date(wallClockToInstant(zone, y, m, d, h, mi)).toISOString()).toBe(expected);
  });
});

describe('describeOpening', () => {
  const at = (iso: string) => new Date(iso);
  it.each([
    [
      'names the opening time in the zone of the window that opens',
      windowStatus(OFFICE, new Date('2026-11-28T12:00:00Z')),
      undefined,
      'waiting for the window that opens Mon 2026-11-30 09:00 Europe/Berlin',
    ],
    [
      'names a Tokyo opening in Tokyo time',
      { open: false, opensAt: at('2026-12-02T00:00:00Z'), opensIn: TOKYO },
      BERLIN,
      'waiting for the window that opens Wed 2026-12-02 09:00 Asia/Tokyo',
    ],
    [
      'falls back to the hint when the status carries no zone',
      { open: false, opensAt: at('2026-11-30T08:00:00Z') },
      NEW_YORK,
      'waiting for the window that opens Mon 2026-11-30 03:00 America/New_York',
    ],
    [
      'falls back to UTC without a zone or hint',
      { open: false, opensAt: at('2026-11-30T08:00:00Z') },
      undefined,
      'waiting for the window that opens Mon 2026-11-30 08:00 UTC',
    ],
    [
      'shows the first valid instant for a start in the DST gap',
      windowStatus([win(['sun'], '02:30', '05:00', BERLIN)], new Date('2026-03-29T00:00:00Z')),
      undefined,
      'waiting for the window that opens Sun 2026-03-29 03:00 Europe/Berlin',
    ],
    [
      'says when no window opens within the search horizon',
      { open: false },
      BERLIN,
      'waiting for a maintenance window (none opens within the next 8 days)',
    ],
    [
      'names the closing time when inside a window',
      windowStatus(OFFICE, new Date('2026-11-30T10:00:00Z')),
      undefined,
      'inside the window that closes Mon 2026-11-30 16:00 Europe/Berlin',
    ],
    [
      'says nothing holds promotion back without windows',
      windowStatus(undefined, new Date('2026-11-30T10:00:00Z')),
      BERLIN,
      'no maintenance window holds promotion back',
    ],
  ] satisfies [string, WindowStatus, string | undefined, string][])('%s', (_, s, hint, expected) => {
    expect(describeOpening(s, hint)).toBe(expected);
  });

  it('formats midnight as 00:00 on the new day', () => {
    expect(formatInZone(new Date('2026-11-29T23:00:00Z'), BERLIN)).toBe('Mon 2026-11-30 00:00 Europe/Berlin');
  });
});
