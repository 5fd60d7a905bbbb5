/**
 * Input that is not YAML, or YAML built to exhaust GUARD: syntax errors, files over 1 MiB, alias
 * "billion laughs" bombs, and more than 50 documents. Request and manifest files come from anyone
 * who can open an MR, so each is refused with one clear line, never parsed through or expanded.
 */
import { describe, expect, it } from 'vitest';
import { type Case, itReports } from './bad-input-expect.ts';
import {
  BASE_FLEET,
  BASE_PROMTAIL,
  BASE_REQUEST,
  diagnose,
  FLEET,
  inFleet,
  inRequest,
  promtailFile,
  REQUEST,
  repo,
  withFile,
} from './bad-input-helpers.ts';

const MiB = 1024 * 1024;
const DEV_PROMTAIL = promtailFile('dev-use1');

/** `text` padded with a trailing comment to exactly `bytes` bytes (all ASCII). */
function padded(text: string, bytes: number): string {
  return `${text}#${'x'.repeat(bytes - text.length - 2)}\n`;
}

/**
 * Ten anchors, each a list of ten aliases of the one before: a few hundred bytes that would expand
 * to 10^10 scalars. Top-level keys `lol0` … `lol9`, one line each.
 */
function billionLaughs(): string {
  const lines = ['lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i < 10; i += 1)
    lines.push(
      `lol${i}: &l${i} [${Array(10)
        .fill(`*l${i - 1}`)
        .join(', ')}]`,
    );
  return `${lines.join('\n')}\n`;
}

const ALIAS = 'too many YAML alias expansions (limit 100); anchors and aliases that multiply are refused';

describe('malformed YAML', () => {
  const cases: Case[] = [
    {
      name: 'reports an unclosed flow sequence in the fleet at its opening bracket',
      files: repo(inFleet('batches: [test, dev, prod]', 'batches: [test, dev, prod')),
      expected: [
        `${FLEET}:3:10: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]`,
      ],
    },
    {
      name: 'reports a tab used as indentation in the fleet once, not the errors it cascades into',
      files: repo(inFleet('    batch: dev\n', '\tbatch: dev\n')),
      expected: [`${FLEET}:14:1: invalid YAML: Tabs are not allowed as indentation`],
    },
    {
      name: 'reports a mis-indented line in the request at that line',
      files: repo(inRequest('  - batch: dev\n', '  - batch: dev\n   soak: 1h\n')),
      expected: [`${REQUEST}:9:1: invalid YAML: Sequence item without - indicator`],
    },
    {
      name: 'reports an unclosed quote in the request where the quote opens',
      files: repo(inRequest('service: istio', 'service: "istio')),
      expected: [`${REQUEST}:3:10: invalid YAML: Missing closing "quote`],
    },
    {
      name: 'reports a duplicate key in the request at the second occurrence',
      files: repo(inRequest('rollback: automatic', 'rollback: automatic\nversion: 1.20.1')),
      expected: [`${REQUEST}:12:1: invalid YAML: Map keys must be unique`],
    },
  ];
  itReports(cases);
});

describe('files over 1 MiB', () => {
  const cases: Case[] = [
    {
      name: 'refuses a 2 MiB guard/fleet.yaml without parsing it',
      files: repo(withFile(FLEET, padded(BASE_FLEET, 2 * MiB))),
      expected: [`${FLEET}:1:1: file is 2 MiB; GUARD reads YAML files up to 1 MiB`],
    },
    {
      name: 'says by how much a fleet one byte over the limit is too big, not that it is 1.0 MiB',
      files: repo(withFile(FLEET, padded(BASE_FLEET, MiB + 1))),
      expected: [`${FLEET}:1:1: file is 1048577 bytes; GUARD reads YAML files up to 1048576 bytes`],
    },
    {
      name: 'accepts a fleet of exactly 1 MiB',
      files: repo(withFile(FLEET, padded(BASE_FLEET, MiB))),
      expected: [],
    },
    {
      name: 'refuses a 2 MiB guard/upgrade.yaml without parsing it',
      files: repo(withFile(REQUEST, padded(BASE_REQUEST, 2 * MiB))),
      expected: [`${REQUEST}:1:1: file is 2 MiB; GUARD reads YAML files up to 1 MiB`],
    },
    {
      name: 'refuses a 2 MiB cluster file at its first line',
      files: repo(withFile(DEV_PROMTAIL, padded(BASE_PROMTAIL, 2 * MiB))),
      expected: [`${DEV_PROMTAIL}:1:1: file is 2 MiB; GUARD reads YAML files up to 1 MiB`],
    },
  ];
  itReports(cases);
});

describe('more than 50 documents', () => {
  const cases: Case[] = [
    {
      name: 'refuses a guard/upgrade.yaml of 51 documents at the 51st',
      // document k (from 0) is `service: s<k>` on line 2k+1; the '---' opening the 51st is line 100
      files: repo(withFile(REQUEST, Array.from({ length: 51 }, (_, k) => `service: s${k}\n`).join('---\n'))),
      expected: [`${REQUEST}:100:1: file has more than 50 YAML documents; split it or remove documents`],
    },
    {
      name: 'refuses a cluster file of 51 documents at the 51st',
      // the HelmRelease is lines 1-10, then 51 documents of two lines: the 51st opens on line 109
      files: repo(withFile(DEV_PROMTAIL, BASE_PROMTAIL + '---\nkind: ConfigMap\n'.repeat(51))),
      expected: [`${DEV_PROMTAIL}:109:1: file has more than 50 YAML documents`],
    },
  ];
  itReports(cases);
});

describe('alias bombs ("billion laughs")', () => {
  const cases: Case[] = [
    {
      name: 'refuses an alias bomb in the request with the alias message',
      files: repo(inRequest('rollback: automatic\n', `rollback: automatic\n${billionLaughs()}`)),
      expected: [`${REQUEST}:1:1: ${ALIAS}`],
    },
    {
      name: 'refuses an alias bomb in the second request document at that document',
      files: repo(withFile(REQUEST, BASE_REQUEST + billionLaughs())),
      expected: [`${REQUEST}:12:1: ${ALIAS}`],
    },
    {
      name: 'refuses an alias bomb in the fleet, and says nothing about a request it cannot check',
      files: repo(withFile(FLEET, BASE_FLEET + billionLaughs())),
      expected: [`${FLEET}:1:1: ${ALIAS}`],
    },
  ];
  itReports(cases);

  it('refuses the bomb in well under a second, so it is never expanded', () => {
    const files = repo(inRequest('rollback: automatic\n', `rollback: automatic\n${billionLaughs()}`));
    const started = performance.now();
    diagnose(files);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
