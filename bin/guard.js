#!/usr/bin/env node
// The `guard` command. It runs the compiled JavaScript in dist/ (`npm run build`, which `npm ci` runs
// through `prepare`), never a TypeScript loader: production starts in a fraction of a second.
import module from 'node:module';

// Node 22.1+ keeps compiled code between starts (a no-op on older Node).
module.enableCompileCache?.();
const entry = new URL('../dist/handlers/cli/bin.js', import.meta.url);
try {
  await import(entry.href);
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes(entry.pathname)) throw error;
  process.stderr.write('guard: dist/ is missing; build it with `npm run build` (npm ci runs it)\n');
  process.exit(1);
}
