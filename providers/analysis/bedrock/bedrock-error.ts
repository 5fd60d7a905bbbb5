import { redactSecrets } from '../../../src/analysis/redact-secrets.ts';
import { AnalystTimeoutError } from '../../../src/ports/analyst.ts';

/**
 * What to check for each error the Converse API documents (Amazon Bedrock API reference, Converse,
 * "Errors"), by the exception name the SDK gives it.
 */
const ADVICE: Record<string, string> = {
  AccessDeniedException:
    "allow bedrock:InvokeModel on the model for GUARD's role, and enable the model in the account",
  ResourceNotFoundException: 'check GUARD_ANALYSIS_MODEL and AWS_REGION',
  ValidationException: 'check GUARD_ANALYSIS_MODEL (a model or inference profile id that supports Converse)',
  ThrottlingException: 'Bedrock throttled the request; the quota for the model is used up for now',
  ServiceQuotaExceededException: 'a Bedrock quota is used up',
  ModelNotReadyException: 'the model is not ready to serve requests yet',
  ModelErrorException: 'the model failed while answering',
  ServiceUnavailableException: 'Bedrock is unavailable for now',
  InternalServerException: 'Bedrock failed; it may answer later',
};

/** Bedrock answered, but with no text in the message. */
export class NoTextError extends Error {
  override name = 'NoTextError';
}

/** An error for the port: timeouts as such, the rest named with what to do, never credentials. */
export function bedrockError(error: unknown, signal: AbortSignal): Error {
  if (error instanceof NoTextError) return error;
  const e = error as Error & { $metadata?: { httpStatusCode?: number } };
  if (signal.aborted || e.name === 'AbortError' || e.name === 'TimeoutError')
    return new AnalystTimeoutError('no answer from Bedrock in time (aborted)');
  if (e.name === 'ModelTimeoutException')
    return new AnalystTimeoutError('Bedrock: the model took too long (ModelTimeoutException)');
  const status = e.$metadata?.httpStatusCode;
  if (status === undefined && !ADVICE[e.name])
    return new Error(`Bedrock unreachable: ${e.name}: ${cut(e.message)}`);
  const advice = ADVICE[e.name] ?? `HTTP ${status}`;
  return new Error(`Bedrock refused the request (${e.name}): ${advice}; it said: ${cut(e.message)}`);
}

function cut(message: string | undefined): string {
  return redactSecrets(message ?? '')
    .replace(/\s+/g, ' ')
    .slice(0, 200);
}
