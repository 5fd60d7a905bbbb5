import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serviceProviders } from '../providers/services/api.ts';

const ROOT = join(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
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
    const allowed = /^(\.|node:|yaml$|zod$)/;
    const offenders = sources('src').flatMap((file) =>
      imports(file)
        .filter((spec) => !allowed.test(spec) || /\/(handlers|providers)\//.test(spec))
        .map((spec) => `${file} imports ${spec}`),
    );

    expect(offenders).toEqual([]);
  });

  it('registers every service provider file, and every registered provider has a file', () => {
    const files = readdirSync(join(ROOT, 'providers/services'))
      .filter((f) => f.endsWith('.ts') && f !== 'api.ts' && f !== 'types.ts')
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();

    expect([...serviceProviders.keys()].sort()).toEqual(files);
  });
});
