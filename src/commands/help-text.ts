import { COMMAND_NAMES, type Fleet } from '../../config/fleet.ts';
import type { ForgeTerms } from '../ports/forge.ts';
import { type CommandName, describeNeeded, describeRule, requiredPermission } from './authorize.ts';

/** Usage, effect and place of each command (DESIGN §4); `{mr}` becomes the forge's word for an MR. */
const COMMANDS: Record<CommandName, { usage: string; effect: string; where: string }> = {
  help: { usage: 'help', effect: 'list these commands', where: 'any GUARD {mr} or the dashboard issue' },
  status: {
    usage: 'status',
    effect: 'reply with the rollout state',
    where: 'any GUARD {mr} or the dashboard issue',
  },
  recheck: { usage: 'recheck', effect: 'rerun the prechecks', where: 'an open wave {mr}' },
  pause: {
    usage: 'pause',
    effect: 'stop the soak clock and promotion',
    where: 'a wave {mr} or the dashboard issue',
  },
  resume: {
    usage: 'resume',
    effect: 'restart the soak clock and promotion',
    where: 'a wave {mr} or the dashboard issue',
  },
  rollback: {
    usage: 'rollback [reason]',
    effect: 'open the rollback {mr} now',
    where: 'a merged wave {mr}; the dashboard issue (all merged waves)',
  },
  'skip-soak': {
    usage: 'skip-soak <reason>',
    effect: 'pass the soak by override, recorded with who, when and why',
    where: 'a merged wave {mr}',
  },
};

/**
 * The markdown reply to `/guard help`: every command with what it does, where it works and who may
 * run it, in the forge's `terms` (GitHub permissions or GitLab roles, pull vs merge request) and, when
 * fleet.yaml narrows a command, naming the users and teams it is limited to.
 */
export function helpText(terms: ForgeTerms, rules?: Fleet['commands']): string {
  const mr = terms.mergeRequest;
  const rows = COMMAND_NAMES.map((name) => {
    const { usage, effect, where } = COMMANDS[name];
    return `| \`/guard ${usage}\` | ${effect.replace('{mr}', mr)} | ${where.replace('{mr}', mr)} | ${cell(who(name, terms, rules))} |`;
  });
  return [
    '**GUARD commands**',
    '',
    '| Command | Effect | Where | Who may run it |',
    '|---|---|---|---|',
    ...rows,
    '',
    `Write the command on the first line of a new comment; edited comments and comments from bots are ignored. A reason is plain text of 3–200 characters without backticks, \`$(\`, mentions, HTML, links or images; it is recorded and shown, never run. Permissions are looked up when the command arrives.`,
  ].join('\n');
}

function who(name: CommandName, terms: ForgeTerms, rules: Fleet['commands']): string {
  const needed = requiredPermission(name);
  const base = needed === 'none' ? 'anyone' : terms.requirement(describeNeeded(needed, terms));
  const rule = rules?.[name];
  return rule ? `${base}, and only ${describeRule(rule, terms)} (fleet.yaml)` : base;
}

/** Names from fleet.yaml go into a table cell; a `|` in one must not split the row. */
function cell(text: string): string {
  return text.replaceAll('|', '\\|');
}
