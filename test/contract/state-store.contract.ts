import { beforeEach, describe, expect, it } from 'vitest';
import type { StateStore } from '../../src/ports/state-store.ts';
import { describeAudit } from './state-store/audit.ts';
import { type ContractContext, START } from './state-store/context.ts';
import { describeCoordination } from './state-store/coordination.ts';
import { describeDocuments } from './state-store/documents.ts';
import { describeList } from './state-store/list.ts';

/** Builds a fresh, empty store that reads time from `clock` (epoch ms). */
export type MakeStateStore = (clock: () => number) => StateStore | Promise<StateStore>;

/** Another store object on the data of `store`, as a restarted process opens it, on the same clock. */
export type ReopenStateStore = (store: StateStore, clock: () => number) => StateStore | Promise<StateStore>;

/**
 * The behaviour every `StateStore` shares; each implementation's test file calls this once. Every
 * test gets a new store whose clock starts at `START` and moves only when the test says so.
 */
export function describeStateStoreContract(
  name: string,
  makeStore: MakeStateStore,
  reopenStore: ReopenStateStore,
): void {
  describe(`${name} state store contract`, () => {
    let now = START;
    let store: StateStore | undefined;
    const ctx: ContractContext = {
      get store() {
        if (!store) throw new Error('the contract store is made in beforeEach; use ctx.store inside a test');
        return store;
      },
      advance: (ms) => {
        now += ms;
      },
      reopen: async () => reopenStore(ctx.store, () => now),
    };

    beforeEach(async () => {
      now = START;
      store = await makeStore(() => now);
    });

    describeDocuments(ctx);
    describeList(ctx);
    describeCoordination(ctx);
    describeAudit(ctx);

    it('answers ping', async () => {
      await expect(ctx.store.ping()).resolves.toBeUndefined();
    });
  });
}
