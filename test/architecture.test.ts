import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serviceProviders } from '../providers/services/api.ts';

const ROOT = join(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.[jt]s$/.test(e.name))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

/** A relative import as a path from the repository root (`src/ports/forge.ts`); a package as named. */
function target(file: string, spec: string): string {
  return spec.startsWith('.') ? relative(ROOT, join(ROOT, dirname(file), spec)) : spec;
}

/** `<file> imports <target>` for every import of the files under `dirs` that `bad` picks. */
function offenders(dirs: readonly string[], bad: (target: string, file: string) => boolean): string[] {
  return dirs.flatMap((dir) =>
    sources(dir).flatMap((file) =>
      imports(file)
        .map((spec) => target(file, spec))
        .filter((to) => bad(to, file))
        .map((to) => `${file} imports ${to}`),
    ),
  );
}

/** The folders the container image copies (Dockerfile `COPY <dir> ./<dir>`): the code GUARD runs in production. */
function shippedFolders(): string[] {
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
  return [...dockerfile.matchAll(/^COPY (\w+) \.\/\1$/gm)].map((m) => m[1]!);
}

function imports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const fromClauses = [...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gms)].map(
    (m) => m[1]!,
  );
  const bare = [...text.matchAll(/^\s*import\s+'([^']+)'/gm)].map((m) => m[1]!);
  const dynamic = [...text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)].map((m) => m[1]!);
  return [...fromClauses, ...bare, ...dynamic];
}

describe('architecture', () => {
  it('reads the imports of a source file (so the rule below can see a violation)', () => {
    expect(imports('src/manifests/splice.ts')).toEqual([
      'yaml',
      '../util/mapped.ts',
      '../yaml/shape.ts',
      '../yaml/shaped-text.ts',
      '../yaml/template-memo.ts',
      './by-offset.ts',
      './confirm-by-lexing.ts',
      './segments.ts',
      './version-field.ts',
    ]);
    expect(imports('handlers/cli/plan-checkout.ts')).toContain('../../providers/services/api.ts');
  });

  it('keeps src/ pure: no SDK and nothing from handlers/ or providers/', () => {
    // Parsers, not SDKs: yaml (documents with node ranges, and the loaders' fast path), zod.
    const allowed = /^(\.|node:|yaml$|zod$)/;
    const offenders = sources('src').flatMap((file) =>
      imports(file)
        .filter((spec) => !allowed.test(spec) || /\/(handlers|providers)\//.test(spec))
        .map((spec) => `${file} imports ${spec}`),
    );

    expect(offenders).toEqual([]);
  });

  it('resolves imports to repository paths (so the layer rules below compare folders)', () => {
    expect(target('providers/forge/github/index.ts', '../../../src/ports/forge.ts')).toBe(
      'src/ports/forge.ts',
    );
    expect(target('handlers/cli/main.ts', 'zod')).toBe('zod');
    expect(shippedFolders().sort()).toEqual(['bin', 'config', 'handlers', 'providers', 'src']);
  });

  it('keeps config/ the bottom layer: it imports zod and itself, nothing else', () => {
    expect(offenders(['config'], (to) => to !== 'zod' && !to.startsWith('config/'))).toEqual([]);
  });

  it('keeps providers/ outbound: no provider imports handlers/', () => {
    expect(offenders(['providers'], (to) => to.startsWith('handlers/'))).toEqual([]);
  });

  it('ships nothing that imports test/ or examples/ (the image holds neither)', () => {
    expect(offenders(shippedFolders(), (to) => /^(test|examples)\//.test(to))).toEqual([]);
  });

  it('starts `guard` loading no vendor SDK: each is imported when first needed (start-up under 1 s)', () => {
    // Value imports only (`import type` is erased), followed from the entry through relative paths.
    const valueImports = (file: string) => {
      const text = readFileSync(join(ROOT, file), 'utf8');
      return [...text.matchAll(/^\s*(?:import|export)\s(?!type\s)[^;]*?from\s+'([^']+)'/gms)]
        .map((m) => m[1]!)
        .concat([...text.matchAll(/^\s*import\s+'([^']+)'/gm)].map((m) => m[1]!));
    };
    const packages = new Set<string>();
    const seen = new Set<string>();
    const todo = ['handlers/cli/bin.ts'];
    for (let file = todo.pop(); file !== undefined; file = todo.pop()) {
      if (seen.has(file)) continue;
      seen.add(file);
      for (const spec of valueImports(file)) {
        if (spec.startsWith('.')) todo.push(target(file, spec));
        else if (!spec.startsWith('node:')) packages.add(spec.startsWith('@') ? spec : spec.split('/')[0]!);
      }
    }

    expect(seen.size).toBeGreaterThan(200);
    // Parsers, the logger, the metrics registry and the cron: what every start needs.
    expect([...packages].sort()).toEqual(['node-cron', 'pino', 'prom-client', 'yaml', 'zod']);
  });

  it('registers every service provider file, and every registered provider has a file', () => {
    const files = readdirSync(join(ROOT, 'providers/services'))
      .filter((f) => f.endsWith('.ts') && f !== 'api.ts' && f !== 'types.ts')
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();

    expect([...serviceProviders.keys()].sort()).toEqual(files);
  });
});
