import type { Logger } from '../../src/engine/logger.ts';
import type { StateStore } from '../../src/ports/state-store.ts';
import type { ServerMetrics } from './server-metrics.ts';

const RECONCILE_LEASE = 'reconcile/';

/**
 * The state store with two side effects the engine does not know about: every audit record is also
 * logged once (`audit: true`) after it is stored, and the time a replica holds a rollout's reconcile
 * lease (acquire → release, renewals included) is the reconcile duration histogram. The engine takes
 * the lease first thing and releases it in a `finally`, so this times every reconcile.
 */
export function instrumentStore(
  store: StateStore,
  deps: { metrics: ServerMetrics; log: Logger; now?: () => number },
): StateStore {
  const now = deps.now ?? (() => performance.now());
  const held = new Map<string, number>();
  return {
    get: (key) => store.get(key),
    put: (key, value, expected) => store.put(key, value, expected),
    remove: (key, expected) => store.remove(key, expected),
    list: (prefix) => store.list(prefix),
    markDelivery: (id, ttlMs) => store.markDelivery(id, ttlMs),
    readAudit: (key) => store.readAudit(key),
    ping: () => store.ping(),
    async appendAudit(key, record) {
      await store.appendAudit(key, record);
      deps.log.info({ audit: true, rollout: key, ...record }, 'audit');
    },
    async acquireLease(name, owner, ttlMs) {
      const lease = await store.acquireLease(name, owner, ttlMs);
      if (name.startsWith(RECONCILE_LEASE)) {
        if (!lease) deps.metrics.reconcilesBusy.inc();
        else if (!held.has(name)) held.set(name, now());
      }
      return lease;
    },
    async releaseLease(name, owner) {
      const started = held.get(name);
      held.delete(name);
      try {
        await store.releaseLease(name, owner);
      } finally {
        if (started !== undefined) deps.metrics.reconcileSeconds.observe((now() - started) / 1000);
      }
    },
  };
}
