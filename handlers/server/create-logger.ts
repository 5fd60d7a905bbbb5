import { type DestinationStream, type Logger, pino } from 'pino';
import { SECRET_VARIABLES, type Settings } from './settings.ts';

/**
 * Where secrets could show up in a log line if some code ever passed them along: request headers,
 * settings objects, credentials. pino replaces them before serialising; the tests also prove that
 * the code paths never log them in the first place.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-gitlab-token"]',
  'req.headers["x-hub-signature-256"]',
  'req.headers["private-token"]',
  'headers.authorization',
  'headers["x-gitlab-token"]',
  'headers["private-token"]',
  '*.headers.authorization',
  '*.headers["x-gitlab-token"]',
  'authorization',
  'token',
  '*.token',
  'secret',
  '*.secret',
  'privateKey',
  '*.privateKey',
  ...SECRET_VARIABLES,
  ...SECRET_VARIABLES.map((name) => `*.${name}`),
  'secretAccessKey',
  'sessionToken',
  '*.secretAccessKey',
  '*.sessionToken',
];

/** GUARD's pino logger: JSON lines, level names as text, secrets redacted by path. */
export function createLogger(level: Settings['LOG_LEVEL'], destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { name: 'guard' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    formatters: { level: (label: string) => ({ level: label }) },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination) : pino(options);
}
