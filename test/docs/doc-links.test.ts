import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

/** README.md and every page under docs/ (providers included). */
function pages(): string[] {
  const docs = readdirSync(join(ROOT, 'docs'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.md'))
    .map((e) => join(e.parentPath, e.name));
  return [join(ROOT, 'README.md'), ...docs];
}

/** Relative link targets of a markdown page, without their #anchor; URLs and pure anchors skipped. */
function relativeLinks(markdown: string): string[] {
  // Code (fenced blocks, then spans) may contain `](` without being a link.
  const prose = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  const targets = [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
  return targets
    .filter((t) => !/^[a-z]+:/i.test(t) && !t.startsWith('#'))
    .map((t) => t.split('#')[0]!)
    .filter((t) => t !== '');
}

describe('links between the docs', () => {
  it('reads relative links and skips URLs and anchors', () => {
    const links = relativeLinks('[a](docs/x.md#y) [b](https://e.com) [c](#z) `x](y)` [d](../deploy/)');

    expect(links).toEqual(['docs/x.md', '../deploy/']);
  });

  it('point at files and folders that exist in the repository', () => {
    const broken = pages().flatMap((page) =>
      relativeLinks(readFileSync(page, 'utf8'))
        // DESIGN.md lives beside the repository (shared/), not in it.
        .filter((link) => !link.endsWith('shared/DESIGN.md'))
        .filter((link) => !existsSync(join(dirname(page), link)))
        .map((link) => `${relative(ROOT, page)} → ${link}`),
    );

    expect(broken).toEqual([]);
  });
});
