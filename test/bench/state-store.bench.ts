// State-store figures: operations per second for each store (file in a temp folder, DynamoDB on
// dynalite over loopback), sequential and with 16 callers at once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDynamoStateStore, createTable } from '../../providers/state/dynamodb/index.ts';
import { createFileStateStore } from '../../providers/state/file/index.ts';
import type { StateStore } from '../../src/ports/state-store.ts';
import { startDynalite } from '../providers/state/start-dynalite.ts';

const OPS = Number(process.env.BENCH_STORE_OPS ?? 2000);
const doc = {
  phase: 'soaking',
  waves: Array.from({ length: 4 }, (_, i) => ({ index: i, clusters: ['a', 'b', 'c'] })),
};

async function measure(label: string, store: StateStore): Promise<void> {
  const rate = async (what: string, parallel: number, op: (i: number) => Promise<unknown>) => {
    const start = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: parallel }, async () => {
        while (next < OPS) await op(next++);
      }),
    );
    const seconds = (performance.now() - start) / 1000;
    console.log(`  ${what.padEnd(36)} ${(OPS / seconds).toFixed(0).padStart(6)} ops/s`);
  };
  console.log(`${label}:`);
  const versions = new Map<string, number>();
  await rate('put (create), sequential', 1, async (i) =>
    versions.set(`k${i}`, await store.put(`k${i}`, doc, 0)),
  );
  await rate('get, sequential', 1, (i) => store.get(`k${i}`));
  await rate('get, 16 at once', 16, (i) => store.get(`k${i}`));
  await rate('put (CAS update), 16 at once', 16, async (i) =>
    store.put(`k${i}`, doc, versions.get(`k${i}`)!),
  );
  await rate('acquire+release lease, 16 at once', 16, async (i) => {
    await store.acquireLease(`l${i % 64}`, `o${i}`, 60_000);
    await store.releaseLease(`l${i % 64}`, `o${i}`);
  });
  await rate('markDelivery, 16 at once', 16, (i) => store.markDelivery(`d${i}`, 60_000));
  await rate('appendAudit, 16 at once', 16, (i) =>
    store.appendAudit(`a${i % 50}`, { at: '', actor: 'guard', action: 'x', reason: 'y' }),
  );
}

const dir = mkdtempSync(join(tmpdir(), 'guard-store-bench-'));
try {
  await measure(`file:${dir}`, createFileStateStore({ dir }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const dynamo = await startDynalite();
try {
  const client = dynamo.client();
  await createTable(client, 'bench');
  await measure('dynamodb:bench (dynalite on loopback)', createDynamoStateStore({ table: 'bench', client }));
} finally {
  await dynamo.close();
}
