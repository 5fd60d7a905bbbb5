import type { Plan } from '../planner/plan-types.ts';
import type { Forge } from '../ports/forge.ts';
import type { RolloutState } from '../rollout/model.ts';
import type { PrecheckReport } from '../rollout/wave-checks.ts';
import type { EngineDeps, FleetPorts } from './deps.ts';
import type { Logger } from './logger.ts';
import type { RequestContext } from './wave-context.ts';

/** The request at the default branch head, planned: what opening a wave MR is built from. */
export interface PlannedHead extends RequestContext {
  head: { name: string; sha: string };
  plan: Plan;
}

/** What one reconcile's actions share. */
export interface ExecContext {
  deps: EngineDeps;
  forge: Forge;
  key: string;
  /** The state the actions lead to; actions record what they create (the dashboard's number). */
  state: RolloutState;
  log: Logger;
  /** The request at the head, loaded (and planned) on first use only. */
  planned(): Promise<PlannedHead | undefined>;
  /** The request at the head without planning (what this reconcile already read, when it did). */
  request(): Promise<RequestContext | undefined>;
  ports(): Promise<FleetPorts | undefined>;
  /** Confirms the rollout's lease is still this replica's (a heartbeat renews it); throws LeaseLostError if not. */
  renew(): Promise<void>;
  /** Results that later actions and the next decision of this reconcile use. */
  memo: { precheck?: PrecheckReport; prechecks?: { passed: boolean; summary: string } };
}
