import type { COMMAND_NAMES, Fleet } from '../../config/fleet.ts';
import type { ForgeTerms, Permission } from '../ports/forge.ts';

/** A `/guard` subcommand (DESIGN §4). */
export type CommandName = (typeof COMMAND_NAMES)[number];

/** fleet.yaml `commands:`: per command, the users and teams/groups it is narrowed to. */
export type CommandRules = NonNullable<Fleet['commands']>;

/** Who is asking, as the forge port reports it (looked up live, never cached from the comment). */
export interface Actor {
  login: string;
  isBot: boolean;
  permission: Permission;
  /**
   * Team or group memberships. GitHub: `org/team-slug`, of the repository owner's organisation only,
   * because a bare rule `team` matches `<any org>/team` listed here. GitLab: full group paths.
   */
  teams: string[];
}

export interface AuthorizeInput {
  command: CommandName;
  actor: Actor;
  /** The words of the forge the command arrived on (permissions or roles, teams or groups). */
  terms: ForgeTerms;
  rules?: Fleet['commands'];
}

export type Authorization = { allowed: true } | { allowed: false; reason: string };

const RANK: Record<Permission, number> = { none: 0, read: 1, triage: 2, write: 3, maintain: 4, admin: 5 };

/** DESIGN §4 "Needs": the lowest permission each command requires. */
const NEEDS: Record<CommandName, Permission> = {
  help: 'none',
  status: 'none',
  recheck: 'write',
  pause: 'write',
  resume: 'write',
  rollback: 'write',
  'skip-soak': 'maintain',
};

/**
 * Decides whether `actor` may run `command`: never a bot; at least the forge permission of DESIGN §4;
 * and, when fleet.yaml has a rule for the command, also named in its users or teams (rules narrow,
 * never widen). Pure: the caller looks permissions and memberships up live and records the outcome.
 */
export function authorize(input: AuthorizeInput): Authorization {
  const { command, actor, terms, rules } = input;
  if (actor.isBot) {
    return { allowed: false, reason: `GUARD does not take commands from bots (${actor.login} is a bot)` };
  }

  const needed = NEEDS[command];
  if (RANK[actor.permission] < RANK[needed]) {
    return { allowed: false, reason: permissionRefusal(command, actor.permission, terms) };
  }

  const rule = rules?.[command];
  if (rule && !matchesRule(actor, rule, terms)) {
    return {
      allowed: false,
      reason: `fleet.yaml limits \`/guard ${command}\` to ${describeRule(rule, terms)}`,
    };
  }
  return { allowed: true };
}

/** The lowest permission `command` needs before any fleet.yaml narrowing. */
export function requiredPermission(command: CommandName): Permission {
  return NEEDS[command];
}

/**
 * Names every level that satisfies `needed`, in the forge's words: `maintain or admin` (GitHub),
 * `Maintainer or Owner` (GitLab); `anyone` when nothing is needed. A level the forge does not have
 * (GitLab's triage) is not named: no user of that forge can hold it.
 */
export function describeNeeded(needed: Permission, terms: ForgeTerms): string {
  if (needed === 'none') return 'anyone';
  const levels = (Object.keys(RANK) as Permission[]).filter((p) => RANK[p] >= RANK[needed]);
  return joinWords(
    levels.flatMap((p) => terms.levels[p] ?? []),
    'or',
  );
}

/** "users alice, bob and teams platform-oncall" (GitLab: "groups"); "nobody" for an empty rule. */
export function describeRule(rule: { users?: string[]; teams?: string[] }, terms: ForgeTerms): string {
  const parts: string[] = [];
  // Shown without a leading `@`, so that a refusal or help reply never pings the people it names.
  const names = (list: string[]) => list.map((n) => n.trim().replace(/^@/, '')).join(', ');
  if (rule.users?.length) parts.push(`users ${names(rule.users)}`);
  if (rule.teams?.length) parts.push(`${terms.teams} ${names(rule.teams)}`);
  return parts.length > 0 ? parts.join(' and ') : 'nobody';
}

function permissionRefusal(command: CommandName, has: Permission, terms: ForgeTerms): string {
  const needed = terms.requirement(describeNeeded(NEEDS[command], terms));
  return `\`/guard ${command}\` needs ${needed} ${terms.scope} (${terms.yours(has)})`;
}

function matchesRule(actor: Actor, rule: { users?: string[]; teams?: string[] }, terms: ForgeTerms): boolean {
  const login = normalise(actor.login);
  if (rule.users?.some((u) => normalise(u) === login)) return true;
  const memberships = actor.teams.map(normalise);
  return (rule.teams ?? [])
    .map(normalise)
    .some((team) => memberships.some((m) => teamMatches(team, m, terms)));
}

/** Equal names match; a bare `team` matches the membership `org/team` where the forge allows it. */
function teamMatches(rule: string, membership: string, terms: ForgeTerms): boolean {
  if (rule === membership) return true;
  if (!terms.bareTeamNames || rule.includes('/')) return false;
  const parts = membership.split('/');
  return parts.length === 2 && parts[1] === rule;
}

/** Forge names are case-insensitive; a leading `@` (mention style) names the same user or team. */
function normalise(name: string): string {
  return name.trim().replace(/^@/, '').toLowerCase();
}

function joinWords(words: string[], conjunction: string): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} ${conjunction} ${words.at(-1)}`;
}
