import type { EventSink } from '../../src/engine/events.ts';
import type { Logger } from '../../src/engine/logger.ts';
import type { ServerMetrics } from './server-metrics.ts';

/**
 * The engine's sink as the webhook handlers see it: each delivery gets a child logger carrying its
 * id, and is counted by forge, event kind and outcome. The engine's own answer passes through.
 */
export function instrumentSink(sink: EventSink, deps: { metrics: ServerMetrics; log: Logger }): EventSink {
  return {
    async deliver(delivery) {
      const { forge, kind } = delivery.event;
      const log = deps.log.child({ deliveryId: delivery.id, forge });
      try {
        const outcome = await sink.deliver(delivery);
        deps.metrics.deliveries.inc({ forge, event: kind, outcome });
        log.debug({ kind, outcome }, 'delivery recorded');
        return outcome;
      } catch (error) {
        deps.metrics.deliveries.inc({ forge, event: kind, outcome: 'failed' });
        log.error({ kind, err: (error as Error).message }, 'delivery could not be recorded');
        throw error;
      }
    },
  };
}
