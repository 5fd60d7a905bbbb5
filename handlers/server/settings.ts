import { validate as validCron } from 'node-cron';
import { z } from 'zod';
import { parseStateSetting, STATE_SETTING_USAGE } from '../../providers/state/api.ts';
import { checkAnalysis } from './analysis-settings.ts';

/** Environment variables whose values are secrets: never echoed, and resolvable from AWS Secrets Manager. */
export const SECRET_VARIABLES = [
  'PRIVATE_KEY',
  'WEBHOOK_SECRET',
  'GITLAB_TOKEN',
  'GITLAB_WEBHOOK_SECRET',
  'DD_API_KEY',
  'DD_APP_KEY',
  // A Slack incoming-webhook URL is its own credential, and a receiver's URL may carry one.
  'SLACK_WEBHOOK_URL',
  'SLACK_BOT_TOKEN',
  'GUARD_NOTIFY_URL',
  'GUARD_NOTIFY_SECRET',
  'GUARD_ANALYSIS_API_KEY',
  'GUARD_UI_TOKEN',
] as const;

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
const HOSTNAME =
  /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*(:\d{1,5})?$/;

const optional = (schema: z.ZodType<string>) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
const url = (what: string) =>
  optional(z.string().refine((v) => URL.canParse(v) && /^https?:/.test(v), `must be an http(s) URL ${what}`));
const secret = optional(z.string().trim().min(1, 'must not be blank'));

/** GUARD's settings: DESIGN.md section 8's environment, checked once at start. */
export const Settings = z.object({
  /** `file:<dir>` (default `file:.guard`) or `dynamodb:<table>`: read by the state store registry. */
  GUARD_STATE: z
    .string()
    .default('file:.guard')
    .refine((v) => !('problem' in parseStateSetting(v)), `must be ${STATE_SETTING_USAGE}`),
  /** Cron expression of the tick that re-reads every rollout. */
  GUARD_TICK: z
    .string()
    .default('* * * * *')
    .refine((v) => validCron(v), 'must be a cron expression such as "* * * * *" (every minute)'),
  /** Log every forge write instead of doing it. */
  GUARD_DRY_RUN: z
    .enum(['true', 'false', '1', '0', ''], { message: 'must be true or false' })
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  /**
   * How long running work may take to finish after SIGTERM before GUARD exits anyway: `20s`, `1m`,
   * `500ms`, or plain seconds. Keep it below the pod's terminationGracePeriodSeconds (30 s by
   * default), after which Kubernetes kills the process.
   */
  GUARD_SHUTDOWN_GRACE: z
    .string()
    .default('20s')
    .refine((v) => durationMs(v) !== undefined, 'must be a duration such as 20s, 1m or 500ms (at most 10m)')
    .transform((v) => durationMs(v)!),
  PORT: z.coerce
    .number({ message: 'must be a port number (0-65535)' })
    .int('must be a port number (0-65535)')
    .min(0, 'must be a port number (0-65535)')
    .max(65535, 'must be a port number (0-65535)')
    .default(3000),
  LOG_LEVEL: z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  /**
   * This replica's name in leases (Kubernetes: the pod's `metadata.name` through the downward API).
   * It outlives a restart of the process, so a replica restarted after a crash takes its own leases
   * back at once; unset, GUARD uses the host name and PORT.
   */
  POD_NAME: optional(
    z
      .string()
      .regex(
        /^[A-Za-z0-9]([A-Za-z0-9._-]{0,251}[A-Za-z0-9])?$/,
        'must be a name such as guard-5d8f7c9b6-x2k4q (letters, digits, dots, dashes)',
      ),
  ),
  /** The GitHub App's id; with a private key and webhook secret it turns GitHub on. */
  APP_ID: optional(z.string().regex(/^\d+$/, 'must be the numeric id of the GitHub App')),
  PRIVATE_KEY: secret,
  PRIVATE_KEY_PATH: optional(z.string()),
  WEBHOOK_SECRET: secret,
  GHE_HOST: optional(
    z.string().regex(HOSTNAME, 'must be a host name without scheme, e.g. github.example.com'),
  ),
  // Empty is unset, as in a .env line `GHE_PROTOCOL=` (probot lib/create-probot.js: `GHE_PROTOCOL || "https"`).
  GHE_PROTOCOL: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.enum(['https', 'http'], { message: 'must be https or http' }).default('https'),
  ),
  WEBHOOK_PROXY_URL: url('(e.g. https://smee.io/abc)'),
  GITLAB_URL: url('(e.g. https://gitlab.com)').default('https://gitlab.com'),
  /** Turns GitLab mode on. */
  GITLAB_TOKEN: secret,
  GITLAB_WEBHOOK_SECRET: secret,
  AWS_REGION: optional(
    z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'must be an AWS region such as eu-west-1'),
  ),
  DYNAMODB_ENDPOINT: url('(e.g. http://localhost:8000)'),
  DD_API_KEY: secret,
  DD_APP_KEY: secret,
  DD_SITE: optional(
    z.string().regex(HOSTNAME, 'must be a Datadog site such as datadoghq.com or datadoghq.eu'),
  ),
  DD_API_URL: url('(e.g. https://api.datadoghq.com)'),
  PROMETHEUS_URL: url('(e.g. http://prometheus:9090)'),
  KUBECONFIG: optional(z.string()),
  /** GUARD's public base URL: announcements link to the rollout page under it. */
  GUARD_PUBLIC_URL: url('(e.g. https://guard.example.com)'),
  /** Slack incoming webhook; announcements go to its channel. */
  SLACK_WEBHOOK_URL: url('(the incoming webhook URL Slack shows, https://hooks.slack.com/services/…)'),
  /** Or a Slack bot token (chat:write) with SLACK_CHANNEL. */
  SLACK_BOT_TOKEN: secret,
  SLACK_CHANNEL: optional(z.string().trim().min(1, 'must not be blank')),
  /** A generic JSON webhook for announcements, signed with GUARD_NOTIFY_SECRET. */
  GUARD_NOTIFY_URL: url('(e.g. https://hooks.example.com/guard)'),
  GUARD_NOTIFY_SECRET: secret,
  /** Failure analysis: ask a model about each failed wave (off when unset). */
  GUARD_ANALYSIS: optional(z.enum(['bedrock', 'openai'], { message: 'must be bedrock or openai' })),
  /** The model: a Bedrock model or inference profile id, or the OpenAI-compatible model name. */
  GUARD_ANALYSIS_MODEL: optional(z.string().trim().min(1, 'must not be blank')),
  /** OpenAI-compatible base URL; GUARD posts to <URL>/chat/completions. */
  GUARD_ANALYSIS_URL: url('(the API base URL, e.g. https://api.openai.com/v1)'),
  /** Bearer key for the OpenAI-compatible endpoint (optional for local servers). */
  GUARD_ANALYSIS_API_KEY: secret,
  /** `on` serves the read-only rollout page at /rollouts (off by default: 404). */
  GUARD_UI: z
    .enum(['on', 'off', ''], { message: 'must be on or off' })
    .default('off')
    .transform((v) => v === 'on'),
  /** The rollout page's shared bearer token; without it the page is served to loopback only. */
  GUARD_UI_TOKEN: optional(
    z.string().trim().min(16, 'must be at least 16 characters; generate one with `openssl rand -hex 32`'),
  ),
});

export type Settings = z.infer<typeof Settings>;

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, '': 1000 };

/** `20s`, `1m`, `500ms`, `20` (seconds) in milliseconds; undefined for anything else or over 10 minutes. */
function durationMs(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!match) return undefined;
  const ms = Number(match[1]) * UNITS[match[2] ?? '']!;
  return ms <= 600_000 ? Math.round(ms) : undefined;
}

/** A setting is wrong: one line naming the variable and what it accepts (never the value of a secret). */
export class SettingsError extends Error {
  override name = 'SettingsError';
}

/**
 * Parses the environment into Settings. A wrong value throws a SettingsError whose message is one
 * line naming the variable and what is valid; values are never quoted, so secrets cannot leak.
 */
export function parseSettings(env: Record<string, string | undefined>): Settings {
  const picked = Object.fromEntries(Object.keys(Settings.shape).map((name) => [name, env[name]]));
  const parsed = Settings.safeParse(picked);
  if (!parsed.success) {
    const [first, ...rest] = parsed.error.issues;
    const more = rest.length > 0 ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})` : '';
    throw new SettingsError(`${String(first?.path[0] ?? 'settings')}: ${first?.message}${more}`);
  }
  checkCombinations(parsed.data);
  return parsed.data;
}

/** Settings that are only wrong together. */
function checkCombinations(s: Settings): void {
  const fail = (message: string): never => {
    throw new SettingsError(message);
  };
  if (s.GITLAB_TOKEN && !s.GITLAB_WEBHOOK_SECRET)
    fail(
      'GITLAB_WEBHOOK_SECRET: required when GITLAB_TOKEN is set; use the "Secret token" of the GitLab webhook',
    );
  if (s.GITLAB_WEBHOOK_SECRET && !s.GITLAB_TOKEN)
    fail(
      'GITLAB_TOKEN: required when GITLAB_WEBHOOK_SECRET is set; use a project or group access token (api scope)',
    );
  const key = s.PRIVATE_KEY ?? s.PRIVATE_KEY_PATH;
  if (s.APP_ID && !key)
    fail('PRIVATE_KEY: required when APP_ID is set (or PRIVATE_KEY_PATH to the .pem file)');
  if (s.APP_ID && !s.WEBHOOK_SECRET)
    fail("WEBHOOK_SECRET: required when APP_ID is set; use the GitHub App's webhook secret");
  if (!s.APP_ID && key) fail("APP_ID: required when a private key is given; use the GitHub App's numeric id");
  const state = parseStateSetting(s.GUARD_STATE);
  const missing = 'entry' in state ? state.entry.missing?.(s) : undefined;
  if (missing) fail(missing);
  checkNotifications(s, fail);
  checkAnalysis(s, fail);
  if (s.GUARD_UI_TOKEN && !s.GUARD_UI)
    fail(
      'GUARD_UI: set GUARD_UI=on to serve the rollout page that GUARD_UI_TOKEN protects (or unset the token)',
    );
}

/** Slack one way or the other, a bot with its channel, and a webhook only with its signing secret. */
function checkNotifications(s: Settings, fail: (message: string) => never): void {
  if (s.SLACK_WEBHOOK_URL && s.SLACK_BOT_TOKEN)
    fail('SLACK_BOT_TOKEN: set either SLACK_WEBHOOK_URL or SLACK_BOT_TOKEN with SLACK_CHANNEL, not both');
  if (s.SLACK_BOT_TOKEN && !s.SLACK_CHANNEL)
    fail('SLACK_CHANNEL: required with SLACK_BOT_TOKEN; the channel id (C0123ABC) or #name to post in');
  if (s.SLACK_CHANNEL && !s.SLACK_BOT_TOKEN)
    fail('SLACK_BOT_TOKEN: required with SLACK_CHANNEL; a bot token with the chat:write scope');
  if (s.GUARD_NOTIFY_URL && !s.GUARD_NOTIFY_SECRET)
    fail('GUARD_NOTIFY_SECRET: required with GUARD_NOTIFY_URL; the shared secret that signs each delivery');
  if (s.GUARD_NOTIFY_SECRET && !s.GUARD_NOTIFY_URL)
    fail('GUARD_NOTIFY_URL: required with GUARD_NOTIFY_SECRET; the URL that receives the JSON deliveries');
}

/** GitHub is served when the App's credentials are all there; otherwise the setup page is. */
export const githubConfigured = (s: Settings): boolean => s.APP_ID !== undefined;
/** GitLab mode: on when GITLAB_TOKEN is set (its webhook secret is then required). */
export const gitlabConfigured = (s: Settings): boolean => s.GITLAB_TOKEN !== undefined;
