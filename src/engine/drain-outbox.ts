import { stopForFailedAction } from '../rollout/decide.ts';
import type { Action } from '../rollout/model.ts';
import { RateLimitedError } from '../util/rate-limited-error.ts';
import type { EngineDeps } from './deps.ts';
import { refusedForGood, TerminalError } from './errors.ts';
import { execute } from './execute.ts';
import type { ExecContext } from './execute-context.ts';
import { type Outbox, type StoredDoc, saveDoc } from './rollout-doc.ts';

/** Failed tries of one action (with the queue's backoff in between) before GUARD gives it up. */
const MAX_TRIES = 5;
const ABANDONED_KEPT = 20;

/**
 * Does the work a stored decision asked for, in order, recording progress after each action, so a
 * crash at any point resumes at the first unfinished action. Audit lines go first (each carries an
 * id, so a line appended twice by a crash right after appending reads once). The lease is renewed
 * before every action, so a slow forge cannot let a second replica start the same work.
 *
 * Failures: a TerminalError (GUARD's own "this cannot work", e.g. a file it cannot edit safely)
 * stops the rollout with its reason. A forge refusal that retrying cannot change (a 4xx other than
 * auth and rate limits), or any error on the fifth try, abandons the action: an audit line, and the
 * same action is not tried again in this attempt, so the rollout moves on instead of wedging. Other
 * errors propagate; the outbox stays and the queue retries with backoff. A RateLimitedError propagates
 * without counting as a try: the queue runs the rollout again after the wait the service asked for.
 */
export async function drainOutbox(deps: EngineDeps, ctx: ExecContext, stored: StoredDoc): Promise<StoredDoc> {
  const outbox = stored.doc?.outbox;
  if (!stored.doc || !outbox) return stored;
  let version = stored.version;
  const save = async () => {
    version = await saveDoc(deps.store, ctx.key, { state: ctx.state, outbox }, version);
  };
  if (!outbox.audited) {
    for (const record of outbox.audit) await deps.store.appendAudit(ctx.key, record);
    outbox.audited = true;
    // Recorded before any action runs; with no action to run, the last save below records it (a
    // crash before that appends the lines again, which their ids make read once).
    if (outbox.done < outbox.actions.length) await save();
  }
  while (outbox.done < outbox.actions.length) {
    await ctx.renew();
    const action = outbox.actions[outbox.done]!;
    const outcome = await attempt(deps, ctx, outbox, action);
    if (outcome === 'retry') {
      await save();
      throw new Error(`${action.kind} failed (try ${outbox.failures} of ${MAX_TRIES}): ${outbox.lastError}`);
    }
    outbox.done += 1;
    delete outbox.failures;
    delete outbox.lastError;
    await save();
  }
  const doc = { state: ctx.state };
  version = await saveDoc(deps.store, ctx.key, doc, version);
  return { doc, version };
}

async function attempt(
  deps: EngineDeps,
  ctx: ExecContext,
  outbox: Outbox,
  action: Action,
): Promise<'done' | 'retry'> {
  const at = deps.clock().toISOString();
  const id = `${ctx.key}#${outbox.id}:a${outbox.done}`;
  const audit = (name: string, reason: string) =>
    deps.store.appendAudit(ctx.key, { at, actor: 'guard', action: name, reason, details: { id } });
  const signature = JSON.stringify(action);
  if (ctx.state.abandoned?.includes(signature)) return 'done';
  try {
    const line = await execute(ctx, action, `${ctx.state.service}:${outbox.id}:${outbox.done}`);
    if (line) await audit(`forge.${action.kind}`, line);
    return 'done';
  } catch (error) {
    // A rate limit is no failure of the action: the reconcile ends and the action waits its turn.
    if (error instanceof RateLimitedError) throw error;
    const message = (error as Error).message;
    if (error instanceof TerminalError) {
      ctx.log.error({ action: action.kind, err: message }, 'action cannot succeed; rollout stopped');
      const stopped = stopForFailedAction(ctx.state, action, message);
      // In place: the stored document and the reconcile's next round hold this same state object.
      Object.assign(ctx.state, stopped.state);
      await audit(stopped.audit.action, stopped.audit.reason);
      return 'done';
    }
    outbox.failures = (outbox.failures ?? 0) + 1;
    outbox.lastError = message.slice(0, 500);
    if (!refusedForGood(error) && outbox.failures < MAX_TRIES) return 'retry';
    ctx.log.error({ action: action.kind, err: message, tries: outbox.failures }, 'forge action abandoned');
    ctx.state.abandoned = [...(ctx.state.abandoned ?? []), signature].slice(-ABANDONED_KEPT);
    await audit(
      'action.abandoned',
      `${action.kind} gave up after ${outbox.failures} tries: ${outbox.lastError}`,
    );
    return 'done';
  }
}
