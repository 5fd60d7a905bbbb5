import { describeStateStoreContract } from '../../contract/state-store.contract.ts';
import { createMemoryStore } from '../../fakes/memory-store.ts';

// The scenario tests' in-memory store must behave as the real ones do, or the scenarios prove nothing.
describeStateStoreContract(
  'in-memory (test fake)',
  (clock) => createMemoryStore(clock),
  (store) => (store as ReturnType<typeof createMemoryStore>).reopen(),
);
