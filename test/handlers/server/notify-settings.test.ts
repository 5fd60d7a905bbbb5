import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../handlers/server/create-logger.ts';
import { parseSettings, SECRET_VARIABLES, SettingsError } from '../../../handlers/server/settings.ts';

const HOOK = 'https://hooks.slack.com/services/T0/B0/hook-credential';

const parseError = (env: Record<string, string>): string => {
  try {
    parseSettings(env);
  } catch (error) {
    if (error instanceof SettingsError) return error.message;
    throw error;
  }
  throw new Error('expected a SettingsError');
};

describe('notification settings', () => {
  it('are all optional: nothing set, nothing announced', () => {
    const settings = parseSettings({});

    for (const name of [
      'GUARD_PUBLIC_URL',
      'SLACK_WEBHOOK_URL',
      'SLACK_BOT_TOKEN',
      'SLACK_CHANNEL',
      'GUARD_NOTIFY_URL',
      'GUARD_NOTIFY_SECRET',
    ] as const) {
      expect(settings[name]).toBeUndefined();
    }
  });

  it('read Slack by webhook, Slack by bot, the generic webhook and the public URL', () => {
    expect(
      parseSettings({ SLACK_WEBHOOK_URL: HOOK, GUARD_PUBLIC_URL: 'https://guard.example.com' }),
    ).toMatchObject({
      SLACK_WEBHOOK_URL: HOOK,
      GUARD_PUBLIC_URL: 'https://guard.example.com',
    });
    expect(parseSettings({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_CHANNEL: '#deploys' })).toMatchObject({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_CHANNEL: '#deploys',
    });
    expect(
      parseSettings({ GUARD_NOTIFY_URL: 'http://receiver.internal/guard', GUARD_NOTIFY_SECRET: 's3cret' }),
    ).toMatchObject({ GUARD_NOTIFY_URL: 'http://receiver.internal/guard' });
  });

  it.each([
    [{ GUARD_PUBLIC_URL: 'guard.example.com' }, 'GUARD_PUBLIC_URL: must be an http(s) URL'],
    [
      { SLACK_WEBHOOK_URL: 'hooks.slack.com/services/T0/B0/hook-credential' },
      'SLACK_WEBHOOK_URL: must be an http(s) URL',
    ],
    [
      { GUARD_NOTIFY_URL: 'receiver:8080', GUARD_NOTIFY_SECRET: 's' },
      'GUARD_NOTIFY_URL: must be an http(s) URL',
    ],
    [
      { SLACK_WEBHOOK_URL: HOOK, SLACK_BOT_TOKEN: 'xoxb-1', SLACK_CHANNEL: 'C1' },
      'SLACK_BOT_TOKEN: set either SLACK_WEBHOOK_URL or SLACK_BOT_TOKEN with SLACK_CHANNEL, not both',
    ],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, 'SLACK_CHANNEL: required with SLACK_BOT_TOKEN'],
    [{ SLACK_CHANNEL: 'C1' }, 'SLACK_BOT_TOKEN: required with SLACK_CHANNEL'],
    [
      { GUARD_NOTIFY_URL: 'https://receiver.example.com' },
      'GUARD_NOTIFY_SECRET: required with GUARD_NOTIFY_URL',
    ],
    [{ GUARD_NOTIFY_SECRET: 's' }, 'GUARD_NOTIFY_URL: required with GUARD_NOTIFY_SECRET'],
  ])('refuse %o with one line naming the variable, never its value', (env, expected) => {
    const message = parseError(env);

    expect(message).toContain(expected);
    expect(message).not.toContain('hook-credential');
    expect(message).not.toContain('xoxb-1');
  });

  it('count URLs that are credentials, tokens and the signing secret as secrets', () => {
    expect(SECRET_VARIABLES).toEqual(
      expect.arrayContaining([
        'SLACK_WEBHOOK_URL',
        'SLACK_BOT_TOKEN',
        'GUARD_NOTIFY_URL',
        'GUARD_NOTIFY_SECRET',
      ]),
    );
  });

  it('are redacted from a log line that carries them by name', () => {
    const lines: string[] = [];
    const log = createLogger(
      'info',
      new Writable({
        write(chunk, _e, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    );

    log.info({ SLACK_WEBHOOK_URL: HOOK, settings: { GUARD_NOTIFY_SECRET: 's3cret-value' } }, 'settings');

    expect(lines.join('')).not.toContain('hook-credential');
    expect(lines.join('')).not.toContain('s3cret-value');
    expect(lines.join('')).toContain('[redacted]');
  });
});
