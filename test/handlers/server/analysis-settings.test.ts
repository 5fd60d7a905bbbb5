import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildFailureAnalysis } from '../../../handlers/server/build-analysis.ts';
import { createLogger } from '../../../handlers/server/create-logger.ts';
import { resolveSecrets } from '../../../handlers/server/resolve-secrets.ts';
import { createServerMetrics } from '../../../handlers/server/server-metrics.ts';
import { parseSettings, SECRET_VARIABLES, SettingsError } from '../../../handlers/server/settings.ts';
import { createMemoryStore } from '../../fakes/memory-store.ts';

const KEY = 'sk-analysis-KEY-never-logged-0123456789';
const OPENAI = {
  GUARD_ANALYSIS: 'openai',
  GUARD_ANALYSIS_URL: 'https://api.openai.com/v1',
  GUARD_ANALYSIS_MODEL: 'gpt-4o-mini',
  GUARD_ANALYSIS_API_KEY: KEY,
};
const BEDROCK = {
  GUARD_ANALYSIS: 'bedrock',
  GUARD_ANALYSIS_MODEL: 'amazon.nova-lite-v1:0',
  AWS_REGION: 'us-east-1',
};

const parseError = (env: Record<string, string>): string => {
  try {
    parseSettings(env);
  } catch (error) {
    if (error instanceof SettingsError) return error.message;
    throw error;
  }
  throw new Error('expected a SettingsError');
};

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _e, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, log: createLogger('info', stream), text: () => lines.join('') };
}

const build = (env: Record<string, string>, log = capture().log) =>
  buildFailureAnalysis({
    settings: parseSettings(env),
    env,
    store: createMemoryStore(),
    metrics: createServerMetrics(),
    log,
    fetch: globalThis.fetch,
    engine: {
      forgeFor: async () => {
        throw new Error('not used');
      },
      portsFor: () => {
        throw new Error('not used');
      },
      providers: { lookup: () => undefined, ids: [] },
    },
  });

describe('failure analysis settings', () => {
  it('are all optional, and with none set GUARD builds no analysis and asks no model', () => {
    const settings = parseSettings({});

    for (const name of [
      'GUARD_ANALYSIS',
      'GUARD_ANALYSIS_MODEL',
      'GUARD_ANALYSIS_URL',
      'GUARD_ANALYSIS_API_KEY',
    ] as const)
      expect(settings[name]).toBeUndefined();
    expect(build({})).toBeUndefined();
  });

  it('read an OpenAI-compatible endpoint (the key optional, for a local server) and Bedrock', () => {
    expect(parseSettings(OPENAI)).toMatchObject({
      GUARD_ANALYSIS: 'openai',
      GUARD_ANALYSIS_MODEL: 'gpt-4o-mini',
    });
    expect(() =>
      parseSettings({ ...OPENAI, GUARD_ANALYSIS_API_KEY: '', GUARD_ANALYSIS_URL: 'http://ollama:11434/v1' }),
    ).not.toThrow();
    expect(parseSettings(BEDROCK)).toMatchObject({ GUARD_ANALYSIS: 'bedrock', AWS_REGION: 'us-east-1' });
  });

  it.each([
    [{ GUARD_ANALYSIS: 'claude' }, 'GUARD_ANALYSIS: must be bedrock or openai'],
    [{ ...OPENAI, GUARD_ANALYSIS_URL: '' }, 'GUARD_ANALYSIS_URL: required with GUARD_ANALYSIS=openai'],
    [{ ...OPENAI, GUARD_ANALYSIS_URL: 'api.openai.com/v1' }, 'GUARD_ANALYSIS_URL: must be an http(s) URL'],
    [{ ...OPENAI, GUARD_ANALYSIS_MODEL: '' }, 'GUARD_ANALYSIS_MODEL: required with GUARD_ANALYSIS=openai'],
    [{ ...BEDROCK, GUARD_ANALYSIS_MODEL: '' }, 'GUARD_ANALYSIS_MODEL: required with GUARD_ANALYSIS=bedrock'],
    [{ ...BEDROCK, AWS_REGION: '' }, 'AWS_REGION: required with GUARD_ANALYSIS=bedrock'],
    [
      { ...BEDROCK, GUARD_ANALYSIS_API_KEY: KEY },
      'GUARD_ANALYSIS_API_KEY: only used with GUARD_ANALYSIS=openai',
    ],
    [{ GUARD_ANALYSIS_API_KEY: KEY }, 'GUARD_ANALYSIS: required when GUARD_ANALYSIS_API_KEY is set'],
    [{ GUARD_ANALYSIS_MODEL: 'gpt-4o-mini' }, 'GUARD_ANALYSIS: required when GUARD_ANALYSIS_MODEL is set'],
  ])('refuse %o at start with one line naming the variable, never the key', (env, expected) => {
    const message = parseError(env);

    expect(message).toContain(expected);
    expect(message).not.toContain('\n');
    expect(message).not.toContain(KEY);
  });

  it('count the key as a secret: redacted from logs, and readable from Secrets Manager', async () => {
    const arn = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:guard/analysis-key';
    const c = capture();

    c.log.info({ GUARD_ANALYSIS_API_KEY: KEY, settings: { GUARD_ANALYSIS_API_KEY: KEY } }, 'settings');
    const env = await resolveSecrets(
      { ...OPENAI, GUARD_ANALYSIS_API_KEY: `aws-secretsmanager:${arn}` },
      async (a) => (a === arn ? KEY : 'wrong'),
    );

    expect(SECRET_VARIABLES).toContain('GUARD_ANALYSIS_API_KEY');
    expect(c.text()).not.toContain(KEY);
    expect(env.GUARD_ANALYSIS_API_KEY).toBe(KEY);
  });

  it('turn analysis on with a log line naming the backend and model, never the key', () => {
    const c = capture();

    expect(build(OPENAI, c.log)).toBeDefined();
    expect(build(BEDROCK, c.log)).toBeDefined();

    const on = c.lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'failure analysis on');
    expect(on.map((l) => [l.analyst, l.model])).toEqual([
      ['openai', 'gpt-4o-mini'],
      ['bedrock', 'amazon.nova-lite-v1:0'],
    ]);
    expect(c.text()).not.toContain(KEY);
  });

  it('keep analysis off under GUARD_DRY_RUN, saying so', () => {
    const c = capture();

    expect(build({ ...OPENAI, GUARD_DRY_RUN: 'true' }, c.log)).toBeUndefined();
    expect(c.text()).toContain('dry run: failure analysis off, no model is asked');
  });
});
