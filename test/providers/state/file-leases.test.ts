import { mkdtempSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFileStateStore } from '../../../providers/state/file/index.ts';

const root = mkdtempSync(join(tmpdir(), 'guard-leases-'));
// A store's checkpoint may still be retiring a journal segment in the background: retry a folder that refills.
afterAll(() => rm(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));

/** Two stores on one folder, as two GUARD processes on one host, reading one clock. */
function twoProcesses(name: string) {
  const dir = join(root, name);
  let now = 1_000_000;
  const clock = () => now;
  return {
    a: createFileStateStore({ dir, clock }),
    b: createFileStateStore({ dir, clock }),
    advance: (ms: number) => {
      now += ms;
    },
    files: () => readdir(join(dir, 'lease')),
  };
}

describe('file store leases shared by two processes', () => {
  it('hands a released lease over, and refuses a held one', async () => {
    const { a, b } = twoProcesses('handover');

    const first = await a.acquireLease('reconcile/x', 'replica-a', 60_000);
    const refused = await b.acquireLease('reconcile/x', 'replica-b', 60_000);
    await a.releaseLease('reconcile/x', 'replica-a');
    const second = await b.acquireLease('reconcile/x', 'replica-b', 60_000);

    expect(first?.owner).toBe('replica-a');
    expect(refused).toBeUndefined();
    expect(second?.owner).toBe('replica-b');
  });

  it('does not release the lease of the replica that took over an expired one', async () => {
    const { a, b, advance } = twoProcesses('expired');
    await a.acquireLease('reconcile/x', 'replica-a', 1_000);
    advance(5_000);
    const taken = await b.acquireLease('reconcile/x', 'replica-b', 60_000);

    await a.releaseLease('reconcile/x', 'replica-a'); // late: a's lease expired long ago
    const stillHeld = await a.acquireLease('reconcile/x', 'replica-a', 60_000);

    expect(taken?.owner).toBe('replica-b');
    expect(stillHeld).toBeUndefined();
  });

  it('renews its own lease, and leaves no temp files behind', async () => {
    const { a, advance, files } = twoProcesses('renew');
    const first = await a.acquireLease('job/1', 'replica-a', 1_000);
    advance(500);

    const renewed = await a.acquireLease('job/1', 'replica-a', 1_000);
    await a.releaseLease('job/1', 'replica-a');

    expect(renewed!.expiresAt).toBe(first!.expiresAt + 500);
    expect((await files()).filter((f) => !f.endsWith('.lock'))).toEqual([]);
  });
});
