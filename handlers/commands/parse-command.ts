import { COMMAND_NAMES } from '../../config/fleet.ts';
import type { CommandName } from '../../src/commands/authorize.ts';

/** A well-formed `/guard` command; `reason` is inert text to store and echo, never to run. */
export interface ParsedCommand {
  name: CommandName;
  reason?: string;
}

export const REASON_MIN = 3;
export const REASON_MAX = 200;

/** What each command accepts after its name (DESIGN §4). */
const ARGUMENTS: Record<CommandName, 'none' | 'optional reason' | 'required reason'> = {
  help: 'none',
  status: 'none',
  recheck: 'none',
  pause: 'none',
  resume: 'none',
  rollback: 'optional reason',
  'skip-soak': 'required reason',
};

/** `/guard` at the start of the line (spaces or tabs before it), then whitespace or the end: not `/guardian`. */
const PREFIX = /^[ \t]*\/guard(?=\s|$)/;
/** The subcommand word and everything after it. */
const WORDS = /^(\S+)(?:\s+(.*))?$/s;
const COMMAND = new RegExp(`^(?:${COMMAND_NAMES.join('|')})$`);
/** A word we may quote back in an error without it breaking out of a code span. */
const QUOTABLE = /^[A-Za-z0-9_-]{1,32}$/;
/**
 * Not printable: C0/C1 controls except tab (whitespace, collapsed), lone surrogates, and bidi
 * overrides/isolates, which can make an echoed reason read differently from what was typed.
 */
const UNPRINTABLE = /(?!\t)[\p{Cc}\p{Cs}\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/**
 * Reads a comment body as a `/guard` command. Only the first line counts. Returns undefined when
 * the comment is not a command (ignore it silently), `{ error }` when it is one but malformed (reply
 * with the error), else the command. Bare `/guard` is `help`. Names are matched exactly (lowercase).
 */
export function parseCommand(body: string): ParsedCommand | undefined | { error: string } {
  // A lone CR also ends the line, so nothing after a line break can ride along in a reason.
  const line = body.split(/\r\n|\r|\n/, 1)[0] ?? '';
  const prefix = PREFIX.exec(line);
  if (!prefix) return undefined;

  const rest = line.slice(prefix[0].length).trim();
  if (rest === '') return { name: 'help' };
  const [, word = '', args = ''] = WORDS.exec(rest) ?? [];
  if (!COMMAND.test(word)) return { error: unknownCommand(word) };

  const name = word as CommandName;
  const accepts = ARGUMENTS[name];
  if (accepts === 'none') return args === '' ? { name } : { error: `\`/guard ${name}\` takes no arguments` };
  if (args === '') {
    return accepts === 'required reason'
      ? {
          error: `\`/guard ${name}\` needs a reason, e.g. \`/guard ${name} metric is flaky, approved by SRE\``,
        }
      : { name };
  }
  const problem = reasonProblem(args);
  if (problem) return { error: `\`/guard ${name}\`: the reason ${problem}` };
  return { name, reason: args.replace(/\s+/g, ' ') };
}

/**
 * Why `raw` (already trimmed) is not an acceptable reason, or undefined. Checked on what was typed,
 * then measured after whitespace is collapsed, which is the form that is stored.
 */
function reasonProblem(raw: string): string | undefined {
  const bad = UNPRINTABLE.exec(raw);
  if (bad) {
    const code = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    return `must be printable text (it contains the control character U+${code})`;
  }
  // Reasons are never executed; these are refused anyway so that no reply, log or audit record
  // ever carries something that looks like command substitution.
  if (raw.includes('`')) return 'must not contain backticks';
  if (raw.includes('$(')) return 'must not contain "$("';
  // GUARD finds its sticky comments by hidden HTML markers; an echoed reason must not carry one.
  if (raw.includes('<!--')) return 'must not contain HTML comments ("<!--")';
  // Reasons are echoed into comments and MR bodies: no mentions (notifications sent in GUARD's
  // name), no HTML, no links or images.
  const markup = /[@<[\]]/.exec(raw);
  if (markup)
    return `must be plain text (it contains "${markup[0]}"; mentions, HTML, links and images are refused)`;

  const length = [...raw.replace(/\s+/g, ' ')].length;
  if (length < REASON_MIN || length > REASON_MAX) {
    return `must be ${REASON_MIN} to ${REASON_MAX} characters long (it has ${length})`;
  }
  return undefined;
}

function unknownCommand(word: string): string {
  const list = COMMAND_NAMES.map((c) => `\`${c}\``).join(', ');
  if (!QUOTABLE.test(word)) return `that is not a \`/guard\` command; the commands are ${list}`;
  const hint = COMMAND.test(word.toLowerCase()) ? ` (did you mean \`/guard ${word.toLowerCase()}\`?)` : '';
  return `\`/guard ${word}\` is not a command${hint}; the commands are ${list}`;
}
