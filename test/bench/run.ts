// `npm run bench [-- name…]`: runs every test/bench/*.bench.ts (or those whose names contain one of
// the arguments), each in a fresh process so its timings and peak RSS are its own. Figures only.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const filters = process.argv.slice(2);
const benches = readdirSync(import.meta.dirname)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

if (benches.length === 0) {
  console.error(`no benchmark matches ${filters.join(', ')}`);
  process.exit(2);
}
for (const file of benches) {
  console.log(`\n== ${file.replace(/\.bench\.ts$/, '')} ==`);
  execFileSync(process.execPath, ['--import', 'tsx', '--expose-gc', join(import.meta.dirname, file)], {
    stdio: 'inherit',
  });
}
