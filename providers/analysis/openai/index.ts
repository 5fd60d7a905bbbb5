import { type Analyst, AnalystTimeoutError } from '../../../src/ports/analyst.ts';
import { networkCause } from '../../notify/delivery-failure.ts';
import { type AnalysisSettings, required } from '../types.ts';
import { answerText, OpenAIAnswerError, openAIError } from './chat-completion.ts';

/** Largest answer body read; a chat completion of 1,024 tokens is a few kilobytes. */
const MAX_BODY = 1_000_000;

/**
 * Any OpenAI-compatible chat completions endpoint (OpenAI, Azure OpenAI behind a gateway, vLLM,
 * Ollama, LiteLLM …): `POST <GUARD_ANALYSIS_URL>/chat/completions` with GUARD_ANALYSIS_MODEL, the
 * key (when set) as a bearer token. One request, no retries, no redirects followed (the key must
 * reach the URL it was configured for). Undefined unless GUARD_ANALYSIS=openai.
 */
export function createOpenAIAnalyst(settings: AnalysisSettings): Analyst | undefined {
  const { env } = settings;
  if (env.GUARD_ANALYSIS !== 'openai') return undefined;
  const base = required(env, 'GUARD_ANALYSIS_URL', 'the base URL of the API, e.g. https://api.openai.com/v1');
  const model = required(env, 'GUARD_ANALYSIS_MODEL', 'the model to ask, e.g. gpt-4o-mini');
  const key = env.GUARD_ANALYSIS_API_KEY?.trim();
  const url = `${base.replace(/\/+$/, '')}/chat/completions`;
  const fetch = settings.fetch ?? ((input, init) => globalThis.fetch(input, init));
  return {
    id: 'openai',
    model,
    async analyse(prompt, signal) {
      const body = JSON.stringify({
        model,
        messages: [
          { role: 'system', content: prompt.system },
          { role: 'user', content: prompt.user },
        ],
        // OpenAI's current name for the bound (max_tokens is deprecated and refused by newer models).
        max_completion_tokens: prompt.maxTokens,
        stream: false,
      });
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json',
            'user-agent': 'GUARD',
            ...(key ? { authorization: `Bearer ${key}` } : {}),
          },
          body,
          redirect: 'manual',
          signal,
        });
        const text = await readLimited(response);
        if (!response.ok) throw openAIError(response.status, text);
        return answerText(text);
      } catch (error) {
        throw failure(error, signal);
      }
    },
  };
}

/** Errors as the port promises them: a timeout as such, a network failure by its code, never the URL. */
function failure(error: unknown, signal: AbortSignal): Error {
  if (error instanceof AnalystTimeoutError || signal.aborted)
    return error instanceof AnalystTimeoutError
      ? error
      : new AnalystTimeoutError('no answer in time (aborted)');
  if (error instanceof OpenAIAnswerError) return error;
  return new Error(`OpenAI-compatible endpoint unreachable: ${networkCause(error)}`);
}

async function readLimited(response: Response): Promise<string> {
  const length = Number(response.headers.get('content-length'));
  if (length > MAX_BODY)
    throw new OpenAIAnswerError(`the answer of ${length} bytes is larger than ${MAX_BODY}`);
  const text = await response.text();
  return text.slice(0, MAX_BODY);
}
