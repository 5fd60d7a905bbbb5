import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../../handlers/server/create-logger.ts';
import { parseSettings, SECRET_VARIABLES, SettingsError } from '../../../../handlers/server/settings.ts';

const TOKEN = 'a-long-enough-ui-token-value';

function parseError(env: Record<string, string>): string {
  try {
    parseSettings(env);
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    return (error as Error).message;
  }
  throw new Error('expected a SettingsError');
}

describe('the rollout page settings', () => {
  it('are off by default', () => {
    expect(parseSettings({})).toMatchObject({ GUARD_UI: false, GUARD_UI_TOKEN: undefined });
    expect(parseSettings({ GUARD_UI: '' }).GUARD_UI).toBe(false);
    expect(parseSettings({ GUARD_UI: 'off' }).GUARD_UI).toBe(false);
  });

  it('turn the page on with GUARD_UI=on, with or without a token', () => {
    expect(parseSettings({ GUARD_UI: 'on' })).toMatchObject({ GUARD_UI: true, GUARD_UI_TOKEN: undefined });
    expect(parseSettings({ GUARD_UI: 'on', GUARD_UI_TOKEN: TOKEN }).GUARD_UI_TOKEN).toBe(TOKEN);
  });

  it.each([
    [{ GUARD_UI: 'yes' }, 'GUARD_UI: must be on or off'],
    [{ GUARD_UI: 'on', GUARD_UI_TOKEN: 'short-secret' }, 'GUARD_UI_TOKEN: must be at least 16 characters'],
    [
      { GUARD_UI_TOKEN: TOKEN },
      'GUARD_UI: set GUARD_UI=on to serve the rollout page that GUARD_UI_TOKEN protects',
    ],
  ])('refuse %o with one line naming the variable, never the token', (env, expected) => {
    const message = parseError(env);

    expect(message).toContain(expected);
    expect(message).not.toContain('short-secret');
    expect(message).not.toContain(TOKEN);
  });

  it('count the token as a secret, redacted from logs', () => {
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

    log.info({ GUARD_UI_TOKEN: TOKEN, settings: { GUARD_UI_TOKEN: TOKEN } }, 'settings');

    expect(SECRET_VARIABLES).toContain('GUARD_UI_TOKEN');
    expect(lines.join('')).not.toContain(TOKEN);
    expect(lines.join('')).toContain('[redacted]');
  });
});
