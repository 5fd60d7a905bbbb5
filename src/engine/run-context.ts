import type { Forge } from '../ports/forge.ts';
import type { RolloutState } from '../rollout/model.ts';
import type { EngineDeps } from './deps.ts';
import type { ExecContext, PlannedHead } from './execute-context.ts';
import type { Logger } from './logger.ts';
import { type RequestView, readRequest } from './read-request.ts';

/** One reconcile of one rollout, under its lease (reconcile.ts). */
export interface Run {
  key: string;
  service: string;
  forge: Forge;
  log: Logger;
  /** Confirms the lease is still this replica's (the heartbeat renews it); throws LeaseLostError if not. */
  renew(): Promise<void>;
}

/**
 * What one round's actions share: the decided state, and the request at the default branch head,
 * read (and planned) only when an action first asks for it, or taken from what the decision read.
 */
export function execContext(
  deps: EngineDeps,
  run: Run,
  state: RolloutState,
  seen: RequestView | undefined,
  memo: ExecContext['memo'],
): ExecContext {
  let planned: Promise<PlannedHead | undefined> | undefined;
  const ctx: ExecContext = {
    deps,
    forge: run.forge,
    key: run.key,
    state,
    log: run.log,
    renew: run.renew,
    memo: { ...memo },
    planned: () => {
      planned ??= loadPlanned(deps, run);
      return planned;
    },
    request: async () =>
      seen?.kind === 'present'
        ? {
            fleet: seen.fleet,
            serviceName: run.service,
            service: seen.service,
            provider: seen.provider,
            request: seen.request,
          }
        : ctx.planned(),
    ports: async () => {
      const view = await ctx.request();
      return view ? deps.portsFor(view.fleet) : undefined;
    },
  };
  return ctx;
}

/** The service's request at the default branch head, as it is now. */
export async function requestAtHead(
  deps: EngineDeps,
  run: Run,
  withPlan: boolean | ((digest: string) => boolean),
) {
  const head = await run.forge.defaultBranch();
  const view = await readRequest({
    forge: run.forge,
    ref: head.sha,
    service: run.service,
    providers: deps.providers,
    withPlan,
  });
  return { head, view };
}

async function loadPlanned(deps: EngineDeps, run: Run): Promise<PlannedHead | undefined> {
  const { head, view } = await requestAtHead(deps, run, true);
  if (view.kind !== 'present' || !view.plan) return undefined;
  return {
    head,
    plan: view.plan,
    fleet: view.fleet,
    serviceName: run.service,
    service: view.service,
    provider: view.provider,
    request: view.request,
  };
}
