import { describe, expect, it } from 'vitest';
import { replicaIdentity } from '../../../handlers/server/replica-identity.ts';
import { parseSettings, SettingsError } from '../../../handlers/server/settings.ts';

const parseError = (env: Record<string, string>): string => {
  try {
    parseSettings(env);
  } catch (error) {
    if (error instanceof SettingsError) return error.message;
    throw error;
  }
  throw new Error('expected a SettingsError');
};

describe('settings', () => {
  it('starts with defaults when nothing is set: file state, a tick a minute, port 3000, no forge', () => {
    const settings = parseSettings({});

    expect(settings).toMatchObject({
      GUARD_STATE: 'file:.guard',
      GUARD_TICK: '* * * * *',
      GUARD_DRY_RUN: false,
      PORT: 3000,
      LOG_LEVEL: 'info',
      GITLAB_URL: 'https://gitlab.com',
      GUARD_SHUTDOWN_GRACE: 20_000,
    });
    expect(settings.APP_ID).toBeUndefined();
    expect(settings.GITLAB_TOKEN).toBeUndefined();
  });

  it('reads GUARD_DRY_RUN=true as a boolean', () => {
    expect(parseSettings({ GUARD_DRY_RUN: 'true' }).GUARD_DRY_RUN).toBe(true);
  });

  it.each([
    ['20s', 20_000],
    ['1m', 60_000],
    ['500ms', 500],
    ['15', 15_000],
    ['2.5s', 2_500],
  ])('reads GUARD_SHUTDOWN_GRACE=%s as %d ms', (value, ms) => {
    expect(parseSettings({ GUARD_SHUTDOWN_GRACE: value }).GUARD_SHUTDOWN_GRACE).toBe(ms);
  });

  it('reads an empty GHE_PROTOCOL as unset (https)', () => {
    expect(parseSettings({ GHE_HOST: 'github.example.com', GHE_PROTOCOL: '' }).GHE_PROTOCOL).toBe('https');
  });

  it.each([
    [{ GUARD_SHUTDOWN_GRACE: 'soon' }, 'GUARD_SHUTDOWN_GRACE: must be a duration such as 20s, 1m or 500ms'],
    [
      { GUARD_SHUTDOWN_GRACE: '11m' },
      'GUARD_SHUTDOWN_GRACE: must be a duration such as 20s, 1m or 500ms (at most 10m)',
    ],
    [{ GUARD_STATE: 'redis:x' }, 'GUARD_STATE: must be file:<dir> (e.g. file:.guard) or dynamodb:<table>'],
    [{ GUARD_STATE: 'dynamodb:ab' }, 'GUARD_STATE: must be file:<dir>'],
    [{ GUARD_TICK: 'every minute' }, 'GUARD_TICK: must be a cron expression'],
    [{ GUARD_DRY_RUN: 'yes' }, 'GUARD_DRY_RUN: must be true or false'],
    [{ PORT: 'eighty' }, 'PORT: must be a port number (0-65535)'],
    [{ PORT: '70000' }, 'PORT: must be a port number (0-65535)'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL: must be one of trace, debug, info, warn, error, fatal, silent'],
    [{ APP_ID: 'guard' }, 'APP_ID: must be the numeric id of the GitHub App'],
    [{ GHE_HOST: 'https://github.example.com' }, 'GHE_HOST: must be a host name without scheme'],
    [{ GHE_PROTOCOL: 'ftp' }, 'GHE_PROTOCOL: must be https or http'],
    [{ WEBHOOK_PROXY_URL: 'smee.io/abc' }, 'WEBHOOK_PROXY_URL: must be an http(s) URL'],
    [{ GITLAB_URL: 'gitlab.example.com' }, 'GITLAB_URL: must be an http(s) URL'],
    [{ AWS_REGION: 'Ireland' }, 'AWS_REGION: must be an AWS region such as eu-west-1'],
    [{ DYNAMODB_ENDPOINT: 'localhost:8000' }, 'DYNAMODB_ENDPOINT: must be an http(s) URL'],
    [{ DD_SITE: 'https://datadoghq.eu' }, 'DD_SITE: must be a Datadog site'],
    [{ DD_API_URL: 'api.datadoghq.com' }, 'DD_API_URL: must be an http(s) URL'],
    [{ PROMETHEUS_URL: 'prometheus:9090' }, 'PROMETHEUS_URL: must be an http(s) URL'],
    [{ POD_NAME: 'guard pod/1' }, 'POD_NAME: must be a name such as guard-5d8f7c9b6-x2k4q'],
  ])('refuses %o with one line naming the variable', (env, expected) => {
    const message = parseError(env);

    expect(message).toContain(expected);
    expect(message).not.toContain('\n');
  });

  it('names the replica in leases by POD_NAME, else by its host name and port, the same after a restart', () => {
    expect(replicaIdentity(parseSettings({ POD_NAME: 'guard-5d8f7c9b6-x2k4q' }), 'node-1')).toBe(
      'guard-5d8f7c9b6-x2k4q',
    );
    expect(replicaIdentity(parseSettings({ PORT: '3001' }), 'laptop')).toBe('laptop:3001');
    expect(replicaIdentity(parseSettings({}), 'laptop')).toBe(replicaIdentity(parseSettings({}), 'laptop'));
  });

  it('refuses GitLab mode without a webhook secret', () => {
    expect(parseError({ GITLAB_TOKEN: 'glpat-abc' })).toBe(
      'GITLAB_WEBHOOK_SECRET: required when GITLAB_TOKEN is set; use the "Secret token" of the GitLab webhook',
    );
  });

  it('refuses a GitHub App id without its key or webhook secret', () => {
    expect(parseError({ APP_ID: '1' })).toMatch(/^PRIVATE_KEY: required when APP_ID is set/);
    expect(parseError({ APP_ID: '1', PRIVATE_KEY: 'k' })).toMatch(
      /^WEBHOOK_SECRET: required when APP_ID is set/,
    );
  });

  it('refuses DynamoDB state without a region', () => {
    expect(parseError({ GUARD_STATE: 'dynamodb:guard' })).toMatch(
      /^AWS_REGION: required with GUARD_STATE=dynamodb/,
    );
  });

  it('never echoes a secret value in its message', () => {
    const secret = 'glpat-VERY-SECRET';

    const messages = [
      parseError({ GITLAB_TOKEN: secret }),
      parseError({ GITLAB_TOKEN: secret, GITLAB_WEBHOOK_SECRET: '   ' }),
      parseError({ DD_API_KEY: secret, PORT: 'x' }),
    ];

    for (const message of messages) expect(message).not.toContain(secret);
    expect(messages[1]).toContain('GITLAB_WEBHOOK_SECRET: must not be blank');
  });

  it('says how many more problems there are after the first', () => {
    expect(parseError({ PORT: 'x', LOG_LEVEL: 'loud' })).toMatch(/\(and 1 more problem\)$/);
  });
});
