import type { Fleet } from '../../config/fleet.ts';
import { type Authorization, authorize, type CommandName } from '../commands/authorize.ts';
import { helpText } from '../commands/help-text.ts';
import { loadRepo } from '../planner/plan-repo.ts';
import type { Forge, Thread } from '../ports/forge.ts';
import type { StateStore } from '../ports/state-store.ts';
import type { EngineDeps } from './deps.ts';
import type { CommentEvent } from './events.ts';
import { addToInbox } from './inbox.ts';
import { serviceOfBranch } from './jobs.ts';
import { rolloutKey } from './keys.ts';
import { dashboardKeyIn } from './mr-text.ts';
import { computeAtRef } from './repo-at.ts';
import { loadDoc } from './rollout-doc.ts';
import { statusText } from './status-text.ts';

/** A parsed `/guard` line (handlers/commands parses; the core never sees raw command syntax rules). */
export type CommandParser = (
  body: string,
) => { name: CommandName; reason?: string } | { error: string } | undefined;

/**
 * A `/guard` comment: find the rollout its thread belongs to, answer help and status at once, and
 * for the rest look the author's permission up live, narrowed by fleet.yaml `commands:`. An allowed
 * command gets 👀 and goes into the rollout's inbox for its next reconcile (which replies with the
 * outcome); a refused one gets a reply saying why. Both leave an audit record. A comment on a thread
 * GUARD does not know is logged and otherwise ignored.
 */
export async function runCommandJob(
  deps: EngineDeps,
  event: CommentEvent,
  parse: CommandParser,
  reconcileNow: (key: string) => Promise<void>,
): Promise<void> {
  const parsed = parse(event.body);
  if (!parsed || event.authorIsBot) return;
  const forge = await deps.forgeFor(event);
  const key = await rolloutOf(deps.store, forge, event);
  const log = deps.log.child({ comment: event.commentId, ...(key ? { rollout: key } : {}) });
  if (!key) {
    log.info({ on: event.on }, 'command on a thread GUARD does not know; ignored');
    return;
  }
  const marker = `<!-- guard:reply:${event.commentId} -->`;
  const reply = (text: string) => forge.ensureComment({ on: event.on, marker, body: `${text}\n\n${marker}` });
  const audit = (action: string, reason: string) =>
    deps.store.appendAudit(key, {
      at: deps.clock().toISOString(),
      actor: event.author,
      action,
      reason,
      details: { id: `${key}#comment:${event.commentId}`, comment: event.commentId },
    });
  if ('error' in parsed) {
    await reply(`@${event.author} ${parsed.error}. Comment \`/guard help\` for the commands.`);
    await audit('command.invalid', parsed.error);
    return;
  }
  const fleet = await fleetAtHead(deps, forge);
  if (parsed.name === 'help' || parsed.name === 'status') {
    await forge.addReaction({ on: event.on, commentId: event.commentId, reaction: 'eyes' });
    const stored = await loadDoc(deps.store, key);
    await reply(
      parsed.name === 'help' ? helpText(forge.terms, fleet?.commands) : statusText(stored.doc?.state),
    );
    await audit(`command.${parsed.name}`, `/guard ${parsed.name} answered`);
    return;
  }
  const verdict = await authorizeLive(forge, fleet, parsed.name, event.author, event.authorIsBot);
  if (!verdict.allowed) {
    await reply(`\`/guard ${parsed.name}\` by @${event.author} was refused: ${verdict.reason}.`);
    await audit('command.refused', `/guard ${parsed.name}: ${verdict.reason}`);
    log.info({ command: parsed.name, author: event.author }, 'command refused');
    return;
  }
  await forge.addReaction({ on: event.on, commentId: event.commentId, reaction: 'eyes' });
  const command = {
    id: `${event.forge}:comment:${event.commentId}`,
    name: parsed.name,
    by: event.author,
    at: deps.clock().toISOString(),
    ...(parsed.reason ? { reason: parsed.reason } : {}),
    on: event.on,
  };
  if (await addToInbox(deps.store, key, command)) {
    await audit('command.accepted', `/guard ${parsed.name}${parsed.reason ? ` ${parsed.reason}` : ''}`);
  }
  await reconcileNow(key);
}

/**
 * Whether `login` may run `command` now: their permission looked up live, narrowed by fleet.yaml
 * `commands:`. A fleet that cannot be read at the head refuses every command that needs a
 * permission, because its narrowing rules cannot be known (they never widen, so refusing is safe).
 */
export async function authorizeLive(
  forge: Forge,
  fleet: Fleet | undefined,
  command: CommandName,
  login: string,
  isBot: boolean,
): Promise<Authorization> {
  if (!fleet && command !== 'help' && command !== 'status') {
    return {
      allowed: false,
      reason:
        'guard/fleet.yaml cannot be read at the default branch head, so who may run commands is unknown; fix it first',
    };
  }
  const actor = {
    login,
    isBot,
    permission: await forge.permission(login),
    teams: fleet?.commands?.[command]?.teams ? await forge.teamsOf(login) : [],
  };
  return authorize({
    command,
    actor,
    terms: forge.terms,
    ...(fleet?.commands ? { rules: fleet.commands } : {}),
  });
}

/** The rollout a thread belongs to: a GUARD branch's MR, or the dashboard issue's marker. */
export async function rolloutOf(
  store: StateStore,
  forge: Forge,
  event: { forge: CommentEvent['forge']; project: string; on: Thread; issueBody?: string },
): Promise<string | undefined> {
  if (event.on.kind === 'issue') {
    // Anyone can write a marker into an issue: only the dashboard GUARD recorded for the rollout counts.
    const key = dashboardKeyIn(event.issueBody);
    if (!key?.startsWith(`${event.forge}:${event.project}:`)) return undefined;
    const stored = await loadDoc(store, key);
    return stored.doc?.state.dashboard?.number === event.on.number ? key : undefined;
  }
  // The MR itself, not the payload: a fork MR from a same-named branch is not GUARD's.
  const mr = await forge.getMergeRequest(event.on.number);
  const service = mr && !mr.fromFork ? serviceOfBranch(mr.branch) : undefined;
  return service ? rolloutKey({ forge: event.forge, project: event.project, service }) : undefined;
}

export async function fleetAtHead(deps: EngineDeps, forge: Forge): Promise<Fleet | undefined> {
  const head = await forge.defaultBranch();
  return computeAtRef(
    forge,
    head.sha,
    (repo) => loadRepo({ repo, providers: deps.providers.lookup, providerIds: deps.providers.ids }).fleet,
  );
}
