import { describe, expect, it } from 'vitest';
import { forges } from '../../../providers/forge/api.ts';
import { permissionFor } from '../../../providers/forge/gitlab/people.ts';
import {
  type Actor,
  authorize,
  type CommandName,
  type CommandRules,
} from '../../../src/commands/authorize.ts';
import { helpText } from '../../../src/commands/help-text.ts';
import type { ForgeKind, Permission } from '../../../src/ports/forge.ts';

/** Each forge's words, as its adapter brings them. */
const github = forges.github.terms;
const gitlab = forges.gitlab.terms;

const actor = (over: Partial<Actor> = {}): Actor => ({
  login: 'alice',
  isBot: false,
  permission: 'admin',
  teams: [],
  ...over,
});

const ALL: CommandName[] = ['help', 'status', 'recheck', 'pause', 'resume', 'rollback', 'skip-soak'];
const ANYONE: CommandName[] = ['help', 'status'];
const WRITERS: CommandName[] = [...ANYONE, 'recheck', 'pause', 'resume', 'rollback'];

/** DESIGN §4, written out by hand: which commands each GitHub permission may run. */
const GITHUB_MATRIX: [Permission, CommandName[]][] = [
  ['none', ANYONE],
  ['read', ANYONE],
  ['triage', ANYONE],
  ['write', WRITERS],
  ['maintain', ALL],
  ['admin', ALL],
];

/** The same for GitLab access levels: Developer ~ write, Maintainer and Owner may skip a soak. */
const GITLAB_MATRIX: [string, number, CommandName[]][] = [
  ['No access', 0, ANYONE],
  ['Minimal access', 5, ANYONE],
  ['Guest', 10, ANYONE],
  ['Reporter', 20, ANYONE],
  ['Developer', 30, WRITERS],
  ['Maintainer', 40, ALL],
  ['Owner', 50, ALL],
];

const allowedSet = (forge: ForgeKind, permission: Permission): CommandName[] =>
  ALL.filter(
    (command) => authorize({ command, actor: actor({ permission }), terms: forges[forge].terms }).allowed,
  );

describe('authorize', () => {
  describe('forge permissions (DESIGN §4)', () => {
    it.each(GITHUB_MATRIX)('lets a GitHub user with %s permission run exactly %j', (permission, expected) => {
      expect(allowedSet('github', permission)).toEqual(expected);
    });

    it.each(GITLAB_MATRIX)('lets a GitLab %s (level %i) run exactly %j', (_, level, expected) => {
      expect(allowedSet('gitlab', permissionFor(level))).toEqual(expected);
    });

    it.each([
      [
        'recheck',
        'read',
        '`/guard recheck` needs write, maintain or admin permission on this repository (you have read)',
      ],
      [
        'pause',
        'triage',
        '`/guard pause` needs write, maintain or admin permission on this repository (you have triage)',
      ],
      [
        'resume',
        'none',
        '`/guard resume` needs write, maintain or admin permission on this repository (you have no access)',
      ],
      [
        'rollback',
        'read',
        '`/guard rollback` needs write, maintain or admin permission on this repository (you have read)',
      ],
      [
        'skip-soak',
        'write',
        '`/guard skip-soak` needs maintain or admin permission on this repository (you have write)',
      ],
    ] as const)(
      'refuses GitHub /guard %s with %s permission, naming what it needs',
      (command, permission, reason) => {
        expect(authorize({ command, actor: actor({ permission }), terms: github })).toEqual({
          allowed: false,
          reason,
        });
      },
    );

    it.each([
      [
        'recheck',
        20,
        '`/guard recheck` needs the Developer, Maintainer or Owner role in this project (your role is Guest or Reporter)',
      ],
      [
        'rollback',
        10,
        '`/guard rollback` needs the Developer, Maintainer or Owner role in this project (your role is Guest or Reporter)',
      ],
      [
        'pause',
        0,
        '`/guard pause` needs the Developer, Maintainer or Owner role in this project (you have no role in this project)',
      ],
      [
        'skip-soak',
        30,
        '`/guard skip-soak` needs the Maintainer or Owner role in this project (your role is Developer)',
      ],
    ] as const)('refuses GitLab /guard %s at access level %i in GitLab roles', (command, level, reason) => {
      const permission = permissionFor(level);

      expect(authorize({ command, actor: actor({ permission }), terms: gitlab })).toEqual({
        allowed: false,
        reason,
      });
    });
  });

  describe('bots', () => {
    it.each([
      ['github', 'dependabot[bot]'],
      ['gitlab', 'project_123_bot_abc'],
    ] as const)(
      'refuses every command from a %s bot, even an admin one listed in fleet.yaml',
      (forge, login) => {
        const rules: CommandRules = Object.fromEntries(ALL.map((c) => [c, { users: [login] }]));
        const bot = actor({ login, isBot: true, permission: 'admin' });

        for (const command of ALL) {
          expect(authorize({ command, actor: bot, terms: forges[forge].terms, rules })).toEqual({
            allowed: false,
            reason: `GUARD does not take commands from bots (${login} is a bot)`,
          });
        }
      },
    );
  });

  describe('fleet.yaml narrowing', () => {
    const rollbackTo = (rule: CommandRules['rollback']): CommandRules => ({ rollback: rule });

    it.each([
      ['a listed user', { users: ['alice'] }, actor()],
      ['a listed user, whatever the case', { users: ['Alice'] }, actor({ login: 'ALICE' })],
      ['a listed user written as a mention', { users: ['@alice'] }, actor()],
      ['one of several listed users', { users: ['bob', 'alice'] }, actor()],
      [
        'a member of a listed org/team',
        { teams: ['acme/platform-oncall'] },
        actor({ teams: ['acme/platform-oncall'] }),
      ],
      [
        'a member of a listed bare team',
        { teams: ['platform-oncall'] },
        actor({ teams: ['acme/platform-oncall'] }),
      ],
      [
        'a member of a listed team, whatever the case',
        { teams: ['ACME/Platform-Oncall'] },
        actor({ teams: ['acme/platform-oncall'] }),
      ],
      [
        'a member of a listed @org/team',
        { teams: ['@acme/platform-oncall'] },
        actor({ teams: ['acme/platform-oncall'] }),
      ],
      [
        'a member of a listed team when users are listed too',
        { users: ['bob'], teams: ['sre'] },
        actor({ teams: ['acme/sre'] }),
      ],
    ])('allows GitHub /guard rollback for %s', (_, rule, who) => {
      expect(authorize({ command: 'rollback', actor: who, terms: github, rules: rollbackTo(rule) })).toEqual({
        allowed: true,
      });
    });

    it.each([
      ['a user who is not listed', { users: ['bob'] }, actor(), 'users bob'],
      ['a user whose name only contains a listed one', { users: ['ali'] }, actor(), 'users ali'],
      [
        'a member of another team',
        { teams: ['acme/sre'] },
        actor({ teams: ['acme/platform'] }),
        'teams acme/sre',
      ],
      [
        'a member of a same-named team in another org',
        { teams: ['acme/sre'] },
        actor({ teams: ['other/sre'] }),
        'teams acme/sre',
      ],
      [
        'a member of an org/team when only its org is listed',
        { teams: ['acme'] },
        actor({ teams: ['acme/sre'] }),
        'teams acme',
      ],
      ['nobody when a rule is empty', { users: [], teams: [] }, actor(), 'nobody'],
    ])('refuses GitHub /guard rollback for %s', (_, rule, who, limitedTo) => {
      expect(authorize({ command: 'rollback', actor: who, terms: github, rules: rollbackTo(rule) })).toEqual({
        allowed: false,
        reason: `fleet.yaml limits \`/guard rollback\` to ${limitedTo}`,
      });
    });

    it('names the users and teams in the refusal', () => {
      const rules: CommandRules = { rollback: { users: ['alice'], teams: ['platform-oncall'] } };

      expect(
        authorize({ command: 'rollback', actor: actor({ login: 'mallory' }), terms: github, rules }),
      ).toEqual({
        allowed: false,
        reason: 'fleet.yaml limits `/guard rollback` to users alice and teams platform-oncall',
      });
    });

    it('names several users and teams, without @ so that the reply pings nobody', () => {
      const rules: CommandRules = { 'skip-soak': { users: ['@alice', 'bob'], teams: ['acme/sre', 'dba'] } };

      expect(
        authorize({ command: 'skip-soak', actor: actor({ login: 'carol' }), terms: github, rules }),
      ).toEqual({
        allowed: false,
        reason: 'fleet.yaml limits `/guard skip-soak` to users alice, bob and teams acme/sre, dba',
      });
    });

    it.each([
      ['a member of the listed group', ['platform/oncall'], ['platform/oncall'], true],
      ['a member of the listed top-level group', ['platform'], ['platform'], true],
      ['a member of the listed group, whatever the case', ['Platform/OnCall'], ['platform/oncall'], true],
      [
        'a member of a same-named group elsewhere (bare names are not matched on GitLab)',
        ['oncall'],
        ['someone/oncall'],
        false,
      ],
      ['a member of a subgroup only', ['platform'], ['platform/oncall'], false],
      ['a member of the parent group only', ['platform/oncall'], ['platform'], false],
    ])('on GitLab, treats %s by full group path', (_, teams, memberships, allowed) => {
      const result = authorize({
        command: 'pause',
        actor: actor({ permission: 'write', teams: memberships }),
        terms: gitlab,
        rules: { pause: { teams } },
      });

      expect(result).toEqual(
        allowed
          ? { allowed: true }
          : { allowed: false, reason: `fleet.yaml limits \`/guard pause\` to groups ${teams.join(', ')}` },
      );
    });

    it('never widens: a listed user without the forge permission is refused for the permission', () => {
      const rules: CommandRules = { 'skip-soak': { users: ['alice'] } };

      expect(
        authorize({ command: 'skip-soak', actor: actor({ permission: 'write' }), terms: github, rules }),
      ).toEqual({
        allowed: false,
        reason: '`/guard skip-soak` needs maintain or admin permission on this repository (you have write)',
      });
    });

    it('narrows help and status too when fleet.yaml names them', () => {
      const rules: CommandRules = { status: { teams: ['acme/sre'] } };
      const outsider = actor({ login: 'dave', permission: 'read' });

      expect(authorize({ command: 'status', actor: outsider, terms: github, rules })).toEqual({
        allowed: false,
        reason: 'fleet.yaml limits `/guard status` to teams acme/sre',
      });
      expect(authorize({ command: 'help', actor: outsider, terms: github, rules })).toEqual({
        allowed: true,
      });
    });

    it('leaves commands without a rule to the forge permission alone', () => {
      const rules: CommandRules = { rollback: { users: ['bob'] } };
      const allowed = ALL.filter(
        (command) =>
          authorize({ command, actor: actor({ permission: 'write' }), terms: github, rules }).allowed,
      );

      expect(allowed).toEqual(['help', 'status', 'recheck', 'pause', 'resume']);
    });
  });
});

describe('helpText', () => {
  it('lists every command with its place and GitHub permissions', () => {
    expect(helpText(github)).toBe(
      [
        '**GUARD commands**',
        '',
        '| Command | Effect | Where | Who may run it |',
        '|---|---|---|---|',
        '| `/guard help` | list these commands | any GUARD pull request or the dashboard issue | anyone |',
        '| `/guard status` | reply with the rollout state | any GUARD pull request or the dashboard issue | anyone |',
        '| `/guard recheck` | rerun the prechecks | an open wave pull request | write, maintain or admin permission |',
        '| `/guard pause` | stop the soak clock and promotion | a wave pull request or the dashboard issue | write, maintain or admin permission |',
        '| `/guard resume` | restart the soak clock and promotion | a wave pull request or the dashboard issue | write, maintain or admin permission |',
        '| `/guard rollback [reason]` | open the rollback pull request now | a merged wave pull request; the dashboard issue (all merged waves) | write, maintain or admin permission |',
        '| `/guard skip-soak <reason>` | pass the soak by override, recorded with who, when and why | a merged wave pull request | maintain or admin permission |',
        '',
        'Write the command on the first line of a new comment; edited comments and comments from bots are ignored. A reason is plain text of 3–200 characters without backticks, `$(`, mentions, HTML, links or images; it is recorded and shown, never run. Permissions are looked up when the command arrives.',
      ].join('\n'),
    );
  });

  it('words GitLab places and roles', () => {
    const text = helpText(gitlab);

    expect(text).toContain(
      '| `/guard recheck` | rerun the prechecks | an open wave merge request | the Developer, Maintainer or Owner role |',
    );
    expect(text).toContain(
      '| `/guard skip-soak <reason>` | pass the soak by override, recorded with who, when and why | a merged wave merge request | the Maintainer or Owner role |',
    );
    expect(text).not.toContain('pull request');
    expect(text).not.toContain('permission |');
  });

  it('names the fleet.yaml narrowing, escaping a pipe so the table holds', () => {
    const text = helpText(gitlab, { rollback: { users: ['alice'], teams: ['platform/on|call'] } });

    expect(text).toContain(
      '| `/guard rollback [reason]` | open the rollback merge request now | a merged wave merge request; the dashboard issue (all merged waves) | the Developer, Maintainer or Owner role, and only users alice and groups platform/on\\|call (fleet.yaml) |',
    );
  });
});
