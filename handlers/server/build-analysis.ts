import { createAnalyst } from '../../providers/analysis/api.ts';
import { createFailureAnalysis, type FailureAnalysis } from '../../src/analysis/failure-analysis.ts';
import type { EngineDeps } from '../../src/engine/deps.ts';
import { replicaIdentity } from './replica-identity.ts';
import type { OutboundInput } from './server-parts.ts';

/**
 * Failure analysis when GUARD_ANALYSIS names a backend; undefined otherwise, and GUARD asks no
 * model. Off under GUARD_DRY_RUN too: a dry run sends nothing out, evidence to a model included.
 */
export function buildFailureAnalysis(
  input: OutboundInput & { engine: Pick<EngineDeps, 'forgeFor' | 'portsFor' | 'providers'> },
): FailureAnalysis | undefined {
  const { settings: s, log } = input;
  if (!s.GUARD_ANALYSIS) return undefined;
  if (s.GUARD_DRY_RUN) {
    log.info({ analyst: s.GUARD_ANALYSIS }, 'dry run: failure analysis off, no model is asked');
    return undefined;
  }
  const analyst = createAnalyst({ env: input.env, fetch: input.fetch });
  if (!analyst) return undefined;
  log.info({ analyst: analyst.id, model: analyst.model }, 'failure analysis on');
  return createFailureAnalysis({
    store: input.store,
    analyst,
    ...input.engine,
    clock: input.clock ?? (() => new Date()),
    log,
    // The replica's name in leases, as the engine and the notifier hold them: a restart takes its own back.
    owner: replicaIdentity(s),
    onOutcome: (outcome) => input.metrics.analyses.inc({ analyst: analyst.id, outcome }),
  });
}
