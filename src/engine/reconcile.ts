import type { AuditRecord } from '../ports/state-store.ts';
import { announcements } from '../rollout/announcements.ts';
import { decide } from '../rollout/decide.ts';
import { currentWave, isRemoved, rolloutEnded, sameJson } from '../rollout/decide-draft.ts';
import type { Action, Decision, RolloutState } from '../rollout/model.ts';
import { RateLimitedError } from '../util/rate-limited-error.ts';
import { compactState } from './compact-state.ts';
import { declineCommands, HELD_REASON } from './decline-commands.ts';
import type { EngineDeps } from './deps.ts';
import { drainOutbox } from './drain-outbox.ts';
import { LeaseLostError } from './errors.ts';
import type { ExecContext } from './execute-context.ts';
import { dropFromInbox, readInbox } from './inbox.ts';
import { keepCharts } from './keep-charts.ts';
import { leaseName, parseRolloutKey } from './keys.ts';
import { holdLease } from './lease.ts';
import type { Logger } from './logger.ts';
import { observe } from './observe.ts';
import type { RequestView } from './read-request.ts';
import { loadDoc, type RolloutDoc, type StoredDoc, saveDoc } from './rollout-doc.ts';
import { execContext, type Run, requestAtHead } from './run-context.ts';

export interface ReconcileResult {
  /**
   * done: decided and acted; busy: another replica holds the lease; held: the request has errors;
   * idle: nothing to do; rate-limited: a service asked to wait, the rest waits in the outbox.
   */
  outcome: 'done' | 'busy' | 'held' | 'idle' | 'rate-limited';
  requeueAfterMs?: number;
}

const MAX_ROUNDS = 6;
/** A reset already passed still waits a moment: the service's clock and ours differ a little. */
const MIN_REQUEUE_MS = 1_000;
/** Actions whose effect the next observation must see before deciding again. */
const PROGRESS = new Set<Action['kind']>([
  'open-wave-mr',
  'run-prechecks',
  'open-rollback-mr',
  'merge-mr',
  'close-mr',
]);

/**
 * One rollout, brought to where the world says it should be (DESIGN section 5): under the rollout's
 * lease, finish any work an earlier reconcile left in the outbox, then observe → decide → store the
 * new state together with its actions → do them, and again while the actions changed what the next
 * observation will show (an MR just opened gets its prechecks in the same reconcile).
 */
export async function reconcile(deps: EngineDeps, key: string): Promise<ReconcileResult> {
  const id = parseRolloutKey(key);
  if (!id) throw new Error(`'${key}' is not a rollout key (<forge>:<project>:<service>)`);
  const log = deps.log.child({ rollout: key });
  const lease = await holdLease({
    store: deps.store,
    name: leaseName(key),
    owner: deps.owner,
    ...(deps.leaseMs !== undefined ? { ttlMs: deps.leaseMs } : {}),
    ...(deps.timers ? { timers: deps.timers } : {}),
    ...(deps.halt ? { signal: deps.halt } : {}),
    now: () => deps.clock().getTime(),
    log,
  });
  if (!lease) {
    log.debug({}, 'another replica is reconciling this rollout');
    return { outcome: 'busy', requeueAfterMs: 5_000 };
  }
  try {
    const forge = await deps.forgeFor({ forge: id.forge, project: id.project });
    return await rounds(deps, { key, service: id.service, forge, log, renew: lease.confirm });
  } catch (error) {
    if (error instanceof RateLimitedError) return rateLimited(log, error);
    if (!(error instanceof LeaseLostError)) throw error;
    log.warn({}, 'lease lost to another replica; stopped');
    return { outcome: 'busy', requeueAfterMs: 5_000 };
  } finally {
    await lease.release();
  }
}

/**
 * A service asked GUARD to wait: this reconcile ends here, with everything it decided stored and
 * what it did not do still in the outbox, and the key runs again after the wait (not a failure).
 */
function rateLimited(log: Logger, error: RateLimitedError): ReconcileResult {
  const requeueAfterMs = Math.max(MIN_REQUEUE_MS, error.retryAfterMs);
  log.warn(
    { client: error.client, reason: error.reason, retryAfterMs: requeueAfterMs },
    'rate limited; reconcile resumes after the wait',
  );
  return { outcome: 'rate-limited', requeueAfterMs };
}

async function rounds(deps: EngineDeps, run: Run): Promise<ReconcileResult> {
  // What one round's actions learnt (precheck results) for the next round's decision and actions.
  let memo: ExecContext['memo'] = {};
  let requeueAfterMs: number | undefined;
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    if (round > 0) await run.renew();
    let stored = await loadDoc(deps.store, run.key);
    if (stored.doc?.outbox) {
      const ctx = execContext(deps, run, stored.doc.state, undefined, memo);
      stored = await drainOutbox(deps, ctx, stored);
      memo = ctx.memo;
    }
    const step = await decideOnce(deps, run, stored, memo.prechecks);
    delete memo.prechecks;
    if (step.kind !== 'decided') return step.result;
    requeueAfterMs = step.decision.requeueAfterMs;
    const ctx = execContext(deps, run, step.decision.state, step.view, memo);
    await drainOutbox(deps, ctx, step.stored);
    memo = ctx.memo;
    const moved = where(step.stored.doc?.state) !== where(stored.doc?.state);
    if (!moved && !step.decision.actions.some((a) => PROGRESS.has(a.kind))) break;
  }
  return { outcome: 'done', ...(requeueAfterMs !== undefined ? { requeueAfterMs } : {}) };
}

type Step =
  | { kind: 'stop'; result: ReconcileResult }
  | { kind: 'decided'; decision: Decision; stored: StoredDoc; view: RequestView };

/** Observe and decide once; store the decision (state + outbox) when it changes anything. */
async function decideOnce(
  deps: EngineDeps,
  run: Run,
  stored: StoredDoc,
  prechecks: { passed: boolean; summary: string } | undefined,
): Promise<Step> {
  const prior = stored.doc?.state;
  const now = deps.clock();
  const commands = await readInbox(deps.store, run.key);
  const { view } = await requestAtHead(deps, run, (digest) =>
    needsPlan(prior, digest, now, commands.length > 0),
  );
  if (view.kind === 'invalid') {
    run.log.warn({ problems: view.problems.slice(0, 5) }, 'request has errors; rollout held as it is');
    await declineCommands(deps, run, HELD_REASON);
    return { kind: 'stop', result: { outcome: 'held', requeueAfterMs: 60_000 } };
  }
  if (view.kind === 'absent' && (!prior || rolloutEnded(prior))) {
    await declineCommands(deps, run, 'the rollout is over and guard/upgrade.yaml no longer asks for it');
    return { kind: 'stop', result: { outcome: 'idle' } };
  }
  const ports = view.kind === 'present' ? deps.portsFor(view.fleet) : undefined;
  const { observed, soak } = await observe({
    forge: run.forge,
    service: run.service,
    ...(prior ? { state: prior } : {}),
    view,
    ...(ports ? { ports } : {}),
    commands,
    ...(prechecks ? { prechecks } : {}),
    now,
    log: run.log,
  });
  const decision = decide(prior, observed, now, { key: run.key, service: run.service });
  if (!decision) return { kind: 'stop', result: { outcome: 'idle' } };
  if (soak?.charts && deps.keepCharts) await keepCharts(deps.store, run.key, soak.charts, run.log);
  if (deps.notifier || deps.analysis) announceTransitions(prior, decision, now, !deps.notifier);
  const handled = commands.filter((c) => decision.state.handledCommands?.includes(c.id)).map((c) => c.id);
  if (
    decision.actions.length === 0 &&
    decision.audit.length === 0 &&
    prior &&
    sameJson(prior, decision.state)
  ) {
    await dropFromInbox(deps.store, run.key, handled);
    const result = {
      outcome: 'done' as const,
      ...(decision.requeueAfterMs ? { requeueAfterMs: decision.requeueAfterMs } : {}),
    };
    return { kind: 'stop', result };
  }
  compactState(decision.state);
  const outboxId = `${stored.version + 1}`;
  const quiet = decision.actions.length === 0 && decision.audit.length === 0; // a soak tick: one write
  const doc: RolloutDoc = quiet
    ? { state: decision.state }
    : {
        state: decision.state,
        outbox: {
          id: outboxId,
          actions: decision.actions,
          done: 0,
          audit: auditOf(run.key, outboxId, decision, now),
          audited: false,
        },
      };
  const version = await saveDoc(deps.store, run.key, doc, stored.version);
  await dropFromInbox(deps.store, run.key, handled);
  return { kind: 'decided', decision, stored: { doc, version }, view };
}

/** The rollout's position: a new one may need a new observation (merged → applied status). */
function where(state: RolloutState | undefined): string {
  const wave = state && currentWave(state);
  return state ? `${state.phase}:${wave?.index}:${wave?.phase}` : '';
}

/**
 * Planning reads every file of the service: only when an attempt starts or a wave may open in this
 * reconcile (the next wave is pending, or the soaking one may end now or by a command), so a wave
 * whose clusters were upgraded by hand meanwhile is passed rather than opened empty.
 */
function needsPlan(prior: RolloutState | undefined, digest: string, now: Date, commands: boolean): boolean {
  if (!prior || prior.digest !== digest || isRemoved(prior)) return true;
  if (rolloutEnded(prior)) return false;
  const wave = currentWave(prior);
  if (wave?.phase === 'pending') return true;
  if (wave?.phase !== 'soaking' || !wave.soak) return false;
  // A held wave moves only by a command: no need to read every file each tick while it waits.
  if (wave.soak.held) return commands;
  const running = prior.phase === 'active' ? now.getTime() - Date.parse(wave.soak.countedAt) : 0;
  return commands || wave.soak.elapsedMs + running >= wave.soakMs;
}

/**
 * What the decision changed, for Slack, webhooks and Datadog, and a rollback MR for the failure
 * analysis (all it needs when no sink is on): stored last, so it never holds up the rest.
 */
function announceTransitions(
  prior: RolloutState | undefined,
  decision: Decision,
  now: Date,
  analysisOnly: boolean,
): void {
  const found = announcements(prior, decision.state, now.toISOString()).filter(
    (a) => !analysisOnly || a.event === 'rollback.opened',
  );
  decision.actions.push(
    ...found.map((announcement, seq) => ({ kind: 'announce' as const, announcement, seq })),
  );
}

function auditOf(key: string, outboxId: string, decision: Decision, now: Date): AuditRecord[] {
  return decision.audit.map((line, i) => ({
    at: now.toISOString(),
    actor: line.actor,
    action: line.action,
    reason: line.reason,
    details: { id: `${key}#${outboxId}:${i}`, version: decision.state.version, phase: decision.state.phase },
  }));
}
