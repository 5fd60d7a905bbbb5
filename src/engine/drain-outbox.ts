import type { EngineDeps } from './deps.ts';
import { TerminalError } from './errors.ts';
import { execute } from './execute.ts';
import type { ExecContext } from './execute-context.ts';
import { type StoredDoc, saveDoc } from './rollout-doc.ts';

/**
 * Does the work a stored decision asked for, in order, recording progress after each action, so a
 * crash at any point resumes at the first unfinished action. Audit lines go first (each carries an
 * id, so a line appended twice by a crash right after appending reads once). A terminal failure
 * stops the rollout with its reason instead of retrying for ever; any other error propagates, the
 * outbox stays, and the next reconcile (the work queue retries with backoff) carries on from there.
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
    await save();
  }
  while (outbox.done < outbox.actions.length) {
    const action = outbox.actions[outbox.done]!;
    const actionId = `${ctx.state.service}:${outbox.id}:${outbox.done}`;
    const at = deps.clock().toISOString();
    const id = `${ctx.key}#${outbox.id}:a${outbox.done}`;
    try {
      const line = await execute(ctx, action, actionId);
      await deps.store.appendAudit(ctx.key, {
        at,
        actor: 'guard',
        action: `forge.${action.kind}`,
        reason: line,
        details: { id },
      });
    } catch (error) {
      if (!(error instanceof TerminalError)) throw error;
      ctx.log.error({ action: action.kind, err: error.message }, 'action cannot succeed; rollout stopped');
      ctx.state.phase = 'stopped';
      ctx.state.reason = `GUARD could not ${action.kind.replaceAll('-', ' ')}: ${error.message}`;
      await deps.store.appendAudit(ctx.key, {
        at,
        actor: 'guard',
        action: 'rollout.stopped',
        reason: ctx.state.reason,
        details: { id },
      });
    }
    outbox.done += 1;
    await save();
  }
  const doc = { state: ctx.state };
  version = await saveDoc(deps.store, ctx.key, doc, version);
  return { doc, version };
}
