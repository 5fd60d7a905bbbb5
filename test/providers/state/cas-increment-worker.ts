// Run as `node --import tsx cas-increment-worker.ts <dir> <key> <times>`: prints `ready`, waits for a
// line on stdin so that all workers start together, then increments a counter document by
// compare-and-swap, retrying on conflict, and prints how many conflicts it met.
import { once } from 'node:events';
import { createFileStateStore } from '../../../providers/state/file/index.ts';
import { ConflictError } from '../../../src/ports/state-store.ts';

const [dir, key, times] = process.argv.slice(2);
const store = createFileStateStore({ dir: dir! });
let conflicts = 0;

process.stdout.write('ready\n');
await once(process.stdin, 'data');
process.stdin.pause();

for (let i = 0; i < Number(times); i++) {
  for (;;) {
    const current = await store.get(key!);
    try {
      await store.put(key!, ((current?.value as number | undefined) ?? 0) + 1, current?.version ?? 0);
      break;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      conflicts++;
    }
  }
}
process.stdout.write(`${JSON.stringify({ conflicts })}\n`);
