import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { forges } from '../../providers/forge/api.ts';
import { metricsSources } from '../../providers/metrics/api.ts';
import { notifySinks } from '../../providers/notify/api.ts';
import { serviceProviders } from '../../providers/services/api.ts';
import { stateStores } from '../../providers/state/api.ts';

const ROOT = join(import.meta.dirname, '../..');
const HEADING = '## Adding a service provider, forge, metrics backend or state store';

/** Each "### A … `<id>`" section of docs/architecture.md, with the registry whose entries it covers. */
const REGISTRIES: Record<string, { entries: string[]; docsPage: boolean }> = {
  'A service provider': { entries: [...serviceProviders.keys()], docsPage: true },
  'A forge': { entries: Object.keys(forges), docsPage: true },
  'A metrics backend': { entries: Object.keys(metricsSources), docsPage: true },
  'A state store': { entries: [...stateStores.keys()], docsPage: true },
  // Sinks are described together in README "Notifications", not on a page each.
  'A notification sink': { entries: [...notifySinks.keys()], docsPage: false },
};

interface Section {
  title: string;
  /** The first path of each bullet: the files a new entry adds. */
  adds: string[];
  /** Every other repository path the section names. */
  names: string[];
}

function sections(): Section[] {
  const page = readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8');
  const start = page.indexOf(HEADING);
  const text = page.slice(start).split(/\n## /)[0]!;
  return text
    .split(/\n### /)
    .slice(1)
    .map((part) => {
      const title = part.slice(0, part.indexOf(' `<id>`'));
      const paths = (line: string) =>
        [...line.matchAll(/`([^`\s]+\/[^`\s]*)`/g)].map((m) => m[1]!).filter((p) => !/[=:{]/.test(p));
      const bullets = part.split('\n- ').slice(1);
      const adds = bullets.map((bullet) => paths(bullet)[0]!);
      return { title, adds, names: paths(part).filter((p) => !p.includes('<')) };
    });
}

describe('docs/architecture.md › adding an extension', () => {
  it('has one section per registry', () => {
    expect(sections().map((s) => s.title)).toEqual(Object.keys(REGISTRIES));
  });

  it.each(sections().map((s) => [s.title, s] as const))(
    '%s: every file it lists exists for every registered entry',
    (title, section) => {
      const missing = REGISTRIES[title]!.entries.flatMap((id) =>
        section.adds
          .map((path) => path.replaceAll('<id>', id))
          .filter((path) => !existsSync(join(ROOT, path))),
      );

      expect(section.adds.length).toBeGreaterThan(0);
      expect(missing).toEqual([]);
    },
  );

  it.each(sections().map((s) => [s.title, s] as const))(
    '%s: every other path it names exists',
    (_title, section) => {
      expect(section.names.filter((path) => !existsSync(join(ROOT, path)))).toEqual([]);
    },
  );

  it.each(Object.entries(REGISTRIES).filter(([, r]) => r.docsPage))(
    '%s: each entry has its docs page under docs/',
    (title) => {
      const section = sections().find((s) => s.title === title)!;

      expect(section.adds.filter((path) => path.startsWith('docs/') && path.includes('<id>'))).toHaveLength(
        1,
      );
    },
  );
});
