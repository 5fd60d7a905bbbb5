import type { Forge } from '../ports/forge.ts';
import type { EngineDeps } from './deps.ts';
import { dropFromInbox, readInbox } from './inbox.ts';

export const HELD_REASON =
  'guard/upgrade.yaml or guard/fleet.yaml has errors at the default branch head (see the guard/request check); fix them, then comment again';

/**
 * Accepted commands a reconcile cannot carry out now (the request has errors, or the rollout is over
 * and its request gone) are answered, not left waiting: a reply saying why, an audit line, and the
 * command leaves the inbox. Replies carry a marker per command, so a repeat edits, never duplicates.
 */
export async function declineCommands(
  deps: EngineDeps,
  run: { key: string; forge: Forge },
  reason: string,
): Promise<void> {
  const commands = await readInbox(deps.store, run.key);
  for (const command of commands) {
    const marker = `<!-- guard:reply:${command.id} -->`;
    const body = `\`/guard ${command.name}\` by @${command.by} was not carried out: ${reason}.\n\n${marker}`;
    await run.forge.ensureComment({ on: command.on, marker, body });
    await deps.store.appendAudit(run.key, {
      at: deps.clock().toISOString(),
      actor: command.by,
      action: 'command.ignored',
      reason: `/guard ${command.name}: ${reason}`,
      details: { id: `${run.key}#declined:${command.id}` },
    });
  }
  await dropFromInbox(
    deps.store,
    run.key,
    commands.map((c) => c.id),
  );
}
