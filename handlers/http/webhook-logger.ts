/**
 * The part of a pino-style logger the webhook handlers use: a fixed message with the details in an
 * object. Handlers never put a payload, a token or a signature in the details.
 */
export interface WebhookLogger {
  debug(details: object, message: string): void;
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}
