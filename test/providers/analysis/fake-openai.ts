import { delay, HttpResponse, http } from 'msw';
import type { BackendMode } from '../../contract/analyst.contract.ts';

export const BASE_URL = 'https://llm.example.com/v1';
export const MODEL = 'gpt-4o-mini';
export const API_KEY = 'sk-guardtest-SECRETSECRETSECRET0123';

/** A chat completions request body (OpenAI API reference, "Create chat completion"). */
export interface ChatBody {
  model: string;
  messages: { role: string; content: string }[];
  max_completion_tokens?: number;
  stream?: boolean;
}

/**
 * Error answers as OpenAI documents them ("Error codes"; the body `{"error": {"message", "type",
 * "param", "code"}}`). The 401 message echoes part of the key, as OpenAI's does.
 */
const ERRORS: Partial<Record<BackendMode, [number, Record<string, unknown>]>> = {
  throttled: [
    429,
    {
      message: 'Rate limit reached for gpt-4o-mini on requests per min (RPM): Limit 3, Used 3.',
      type: 'requests',
      param: null,
      code: 'rate_limit_exceeded',
    },
  ],
  denied: [
    401,
    {
      message: `Incorrect API key provided: ${API_KEY.slice(0, 8)}****${API_KEY.slice(-4)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
      type: 'invalid_request_error',
      param: null,
      code: 'invalid_api_key',
    },
  ],
  unavailable: [
    503,
    { message: 'The server is overloaded or not ready yet.', type: 'server_error', param: null, code: null },
  ],
  'model-timeout': [504, { message: 'Gateway timeout.', type: 'server_error', param: null, code: null }],
};

/** An OpenAI-compatible endpoint under BASE_URL, answering as told. */
export function fakeOpenAI() {
  const state = {
    mode: 'ok' as BackendMode,
    answer: 'Likely cause: the new version.',
    requests: [] as { body: ChatBody; headers: Headers; raw: string; url: string }[],
  };
  const handler = http.post(`${BASE_URL}/chat/completions`, async ({ request }) => {
    const raw = await request.text();
    state.requests.push({
      body: JSON.parse(raw) as ChatBody,
      headers: request.headers,
      raw,
      url: request.url,
    });
    if (state.mode === 'hang') await delay('infinite');
    const error = ERRORS[state.mode];
    if (error) return HttpResponse.json({ error: error[1] }, { status: error[0] });
    return HttpResponse.json({
      id: 'chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG',
      object: 'chat.completion',
      created: 1_741_570_283,
      model: 'gpt-4o-mini-2024-07-18',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: state.mode === 'empty' ? null : state.answer,
            refusal: null,
            annotations: [],
          },
          logprobs: null,
          finish_reason: state.mode === 'empty' ? 'length' : 'stop',
        },
      ],
      usage: { prompt_tokens: 412, completion_tokens: 87, total_tokens: 499 },
      service_tier: 'default',
    });
  });
  return { state, handler };
}
