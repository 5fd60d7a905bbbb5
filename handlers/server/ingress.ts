import { triage } from '../../src/engine/jobs.ts';
import { parseCommand } from '../commands/parse-command.ts';
import type { IngressFilter } from '../http/ingress-filter.ts';
import type { ServerMetrics } from './server-metrics.ts';

/**
 * The server's ingress filter: the engine's own triage decides what cannot concern GUARD (a push
 * outside guard/, a comment without `/guard`, an MR that is not GUARD's and was only closed or
 * retitled, …), so the handlers drop exactly what would have made no job, before the store is
 * touched. Drops are counted in `guard_webhook_dropped_total{forge,reason}`.
 */
export function createIngressFilter(metrics: ServerMetrics): IngressFilter {
  const looksLikeCommand = (body: string) => parseCommand(body) !== undefined;
  return {
    admit(event) {
      const triaged = triage(event, '', looksLikeCommand);
      return 'drop' in triaged ? triaged.drop : undefined;
    },
    dropped(forge, reason) {
      metrics.webhooksDropped.inc({ forge, reason });
    },
  };
}
