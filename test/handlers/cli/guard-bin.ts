// The installed `guard` command (bin/guard.js running dist/), for tests that run it as a process.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '../../..');
export const GUARD_BIN = join(ROOT, 'bin/guard.js');
const SOURCES = ['src', 'config', 'handlers', 'providers'];

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Throws unless dist/ was built after the sources last changed (`npm run build` stamps dist/.built),
 * so a test of the compiled command never passes or fails on an old build. `npm run check` builds
 * before it tests.
 */
export function assertBuilt(): void {
  const built = statSync(join(ROOT, 'dist/.built'), { throwIfNoEntry: false })?.mtimeMs;
  if (built === undefined) throw new Error('dist/ is missing: run `npm run build` (npm ci runs it)');
  const changed = Math.max(...SOURCES.map((dir) => newestSource(join(ROOT, dir))));
  if (changed > built) throw new Error('dist/ is older than the sources: run `npm run build`');
}
