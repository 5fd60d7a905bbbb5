import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const dockerignore = readFileSync(join(ROOT, '.dockerignore'), 'utf8');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  scripts: Record<string, string>;
};
const buildConfig = JSON.parse(
  readFileSync(join(ROOT, 'tsconfig.build.json'), 'utf8').replace(/^\s*\/\/.*$/gm, ''),
) as { compilerOptions: { outDir: string }; include: string[] };

/** Instructions with continuation lines joined; comments and blank lines dropped. */
function instructions(text: string): string[] {
  return text
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

const lines = instructions(dockerfile);
const finalFrom = lines.findLastIndex((l) => l.startsWith('FROM '));
const build = lines.slice(0, finalFrom);
const final = lines.slice(finalFrom);

describe('Dockerfile', () => {
  it('builds in two stages on Node 24: install from the lockfile, compile, drop dev dependencies', () => {
    const froms = lines.filter((l) => l.startsWith('FROM '));

    expect(froms).toHaveLength(2);
    for (const from of froms) expect(from).toMatch(/^FROM node:24-(bookworm-slim|alpine)\b/);
    expect(build).toContain('COPY package.json package-lock.json ./');
    // `prepare` would run the build before the sources are there.
    expect(build.some((l) => /^RUN npm ci\b.*--ignore-scripts/.test(l))).toBe(true);
    expect(build.some((l) => /^RUN npm run build && npm prune --omit=dev\b/.test(l))).toBe(true);
  });

  it('compiles every source folder into dist/, which is what the image runs', () => {
    const copiedToBuild = build
      .filter((l) => l.startsWith('COPY ') && !l.includes('package'))
      .flatMap((l) => l.split(/\s+/).slice(1, -1));

    expect(pkg.scripts.build).toBe('tsc -p tsconfig.build.json');
    expect(buildConfig.compilerOptions.outDir).toBe('dist');
    expect(copiedToBuild.sort()).toEqual(
      ['tsconfig.build.json', 'tsconfig.json', ...buildConfig.include].sort(),
    );
    expect(final).toContain('COPY --from=build /app/dist ./dist');
    expect(final).toContain('COPY --from=build /app/node_modules ./node_modules');
  });

  it('runs no TypeScript loader in production: tsx is a dev dependency', () => {
    expect(pkg.dependencies.tsx).toBeUndefined();
    expect(pkg.devDependencies.tsx).toBeDefined();
    expect(readFileSync(join(ROOT, 'bin/guard.js'), 'utf8')).not.toMatch(/tsx/);
  });

  it('runs `guard serve` as the node user on port 3000 with a health check on /healthz', () => {
    expect(final).toContain('USER node');
    expect(final).toContain('EXPOSE 3000');
    expect(final.at(-1)).toBe('CMD ["node", "bin/guard.js", "serve"]');
    expect(final.find((l) => l.startsWith('HEALTHCHECK'))).toMatch(/\/healthz/);
  });

  it('copies only what runs into the final image: no TypeScript sources', () => {
    const copied = final
      .filter((l) => l.startsWith('COPY ') && !l.includes('--from='))
      .flatMap((l) => l.split(/\s+/).slice(1, -1));

    expect(copied.sort()).toEqual(['app.yml', 'bin', 'package-lock.json', 'package.json'].sort());
  });

  it('sends the daemon an allow-listed context, so .env files and state never reach a layer', () => {
    const rules = instructions(dockerignore);

    expect(rules[0]).toBe('*');
    expect(rules.filter((r) => r.startsWith('!')).some((r) => /env|\.guard|test|dist/.test(r))).toBe(false);
  });
});
