import { redactSecrets } from '../../../src/analysis/redact-secrets.ts';
import { AnalystTimeoutError } from '../../../src/ports/analyst.ts';

/** A failure the endpoint answered; its message is safe to log. */
export class OpenAIAnswerError extends Error {
  override name = 'OpenAIAnswerError';
}

/** The chat completion object (OpenAI API reference, "The chat completion object"). */
interface ChatCompletion {
  choices?: { message?: { content?: string | null; refusal?: string | null }; finish_reason?: string }[];
}

/** The assistant's text from a chat completion body; throws when there is none. */
export function answerText(body: string): string {
  let parsed: ChatCompletion;
  try {
    parsed = JSON.parse(body) as ChatCompletion;
  } catch {
    throw new OpenAIAnswerError('the endpoint answered something that is not a chat completion (not JSON)');
  }
  const choice = parsed.choices?.[0];
  const content = choice?.message?.content;
  if (typeof content === 'string' && content.trim()) return content;
  if (choice?.message?.refusal) throw new OpenAIAnswerError('the model declined to answer');
  throw new OpenAIAnswerError(
    `the model answered no text (finish_reason ${choice?.finish_reason ?? 'none'})`,
  );
}

/**
 * An error answer (OpenAI API reference, "Error codes": `{"error": {"message", "type", "param",
 * "code"}}`) in words that say what to check. The vendor's message is kept only where it cannot
 * quote the key (OpenAI's 401 message echoes part of it) and is redacted even then.
 */
export function openAIError(status: number, body: string): Error {
  let detail: { message?: string; type?: string; code?: string | null } = {};
  try {
    detail = (JSON.parse(body) as { error?: typeof detail }).error ?? {};
  } catch {
    // A proxy's HTML error page: the status says enough.
  }
  const code = detail.code ?? detail.type;
  const what = `the endpoint answered HTTP ${status}${code ? ` (${code})` : ''}`;
  const said = detail.message ? `: ${redactSecrets(detail.message).replace(/\s+/g, ' ').slice(0, 200)}` : '';
  if (status === 408 || status === 504) return new AnalystTimeoutError(`${what}; the model took too long`);
  if (status === 401 || status === 403)
    return new OpenAIAnswerError(`${what}; check GUARD_ANALYSIS_API_KEY and that it may use the model`);
  if (status === 429) return new OpenAIAnswerError(`${what}; rate limit or quota reached`);
  if (status >= 300 && status < 400)
    return new OpenAIAnswerError(`${what} (a redirect); set GUARD_ANALYSIS_URL to the final URL`);
  if (status === 404)
    return new OpenAIAnswerError(`${what}; check GUARD_ANALYSIS_URL and GUARD_ANALYSIS_MODEL${said}`);
  return new OpenAIAnswerError(`${what}${said}`);
}
