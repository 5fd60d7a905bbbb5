import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const dockerignore = readFileSync(join(ROOT, '.dockerignore'), 'utf8');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};

/** Instructions with continuation lines joined; comments and blank lines dropped. */
function instructions(text: string): string[] {
  return text
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

const lines = instructions(dockerfile);
const final = lines.slice(lines.findLastIndex((l) => l.startsWith('FROM ')));

describe('Dockerfile', () => {
  it('builds in two stages on Node 24, installing production dependencies from the lockfile', () => {
    const froms = lines.filter((l) => l.startsWith('FROM '));

    expect(froms).toHaveLength(2);
    for (const from of froms) expect(from).toMatch(/^FROM node:24-(bookworm-slim|alpine)\b/);
    expect(lines).toContain('COPY package.json package-lock.json ./');
    expect(lines.some((l) => /^RUN npm ci --omit=dev\b/.test(l))).toBe(true);
  });

  it('runs tsx at run time, so tsx must be a production dependency', () => {
    expect(pkg.dependencies.tsx).toBeDefined();
  });

  it('runs `guard serve` as the node user on port 3000 with a health check on /healthz', () => {
    expect(final).toContain('USER node');
    expect(final).toContain('EXPOSE 3000');
    expect(final.at(-1)).toBe('CMD ["node", "bin/guard.js", "serve"]');
    expect(final.find((l) => l.startsWith('HEALTHCHECK'))).toMatch(/\/healthz/);
  });

  it('copies only what runs into the final image', () => {
    const copied = final
      .filter((l) => l.startsWith('COPY ') && !l.includes('--from='))
      .flatMap((l) => l.split(/\s+/).slice(1, -1));

    expect(copied.sort()).toEqual(
      [
        'app.yml',
        'bin',
        'config',
        'handlers',
        'package-lock.json',
        'package.json',
        'providers',
        'src',
      ].sort(),
    );
  });

  it('sends the daemon an allow-listed context, so .env files and state never reach a layer', () => {
    const rules = instructions(dockerignore);

    expect(rules[0]).toBe('*');
    expect(rules.filter((r) => r.startsWith('!')).some((r) => /env|\.guard|test/.test(r))).toBe(false);
  });
});
