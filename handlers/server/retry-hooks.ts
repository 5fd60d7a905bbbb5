import type { Logger } from '../../src/engine/logger.ts';
import type { RetryDeps } from '../../src/util/with-retry.ts';
import type { ServerMetrics } from './server-metrics.ts';

/**
 * The retry policy's hooks as the server wires them once for every outbound client: each retry
 * counts in `guard_outbound_retries_total` (`wait="in-place"`), each limit handed to the engine as
 * a requeue counts with `wait="requeue"`, and both are logged without the call's arguments.
 */
export function retryHooks(metrics: ServerMetrics, log: Logger): RetryDeps {
  return {
    onRetry(event) {
      metrics.outboundRetries.inc({ service: event.client, reason: event.reason, wait: 'in-place' });
      log.warn(
        {
          service: event.client,
          reason: event.reason,
          attempt: event.attempt,
          waitMs: event.waitMs,
          what: event.what,
        },
        'outbound call retried',
      );
    },
    onRateLimited(event) {
      metrics.outboundRetries.inc({ service: event.client, reason: event.reason, wait: 'requeue' });
    },
  };
}
