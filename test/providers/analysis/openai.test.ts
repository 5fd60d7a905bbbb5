import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAIAnalyst } from '../../../providers/analysis/openai/index.ts';
import type { Analyst } from '../../../src/ports/analyst.ts';
import { describeAnalystContract, samplePrompt } from '../../contract/analyst.contract.ts';
import { API_KEY, BASE_URL, fakeOpenAI, MODEL } from './fake-openai.ts';

const openai = fakeOpenAI();
const server = setupServer(openai.handler);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  openai.state.mode = 'ok';
  openai.state.requests = [];
});
afterAll(() => server.close());

const env = {
  GUARD_ANALYSIS: 'openai',
  GUARD_ANALYSIS_URL: BASE_URL,
  GUARD_ANALYSIS_MODEL: MODEL,
  GUARD_ANALYSIS_API_KEY: API_KEY,
};
const analyst = (more: Record<string, string | undefined> = {}): Analyst =>
  createOpenAIAnalyst({ env: { ...env, ...more } })!;
const ask = (a = analyst()) => a.analyse(samplePrompt, new AbortController().signal);

describeAnalystContract('openai', () => {
  openai.state.requests = [];
  openai.state.mode = 'ok';
  return {
    analyst: analyst(),
    behave: (mode) => {
      openai.state.mode = mode;
    },
    answer: (text) => {
      openai.state.answer = text;
    },
    received: () =>
      openai.state.requests.map((r) => ({
        model: r.body.model,
        system: r.body.messages.find((m) => m.role === 'system')?.content ?? '',
        user: r.body.messages.find((m) => m.role === 'user')?.content ?? '',
        maxTokens: r.body.max_completion_tokens ?? -1,
      })),
    secrets: [API_KEY, API_KEY.slice(-4)],
  };
});

describe('openai-compatible analyst', () => {
  it('posts a chat completion to <URL>/chat/completions with the key as a bearer token, and the key nowhere else', async () => {
    await ask(analyst({ GUARD_ANALYSIS_URL: `${BASE_URL}/` }));

    const [request] = openai.state.requests;
    expect(request?.url).toBe(`${BASE_URL}/chat/completions`);
    expect(request?.headers.get('authorization')).toBe(`Bearer ${API_KEY}`);
    expect(request?.body).toEqual({
      model: MODEL,
      messages: [
        { role: 'system', content: samplePrompt.system },
        { role: 'user', content: samplePrompt.user },
      ],
      max_completion_tokens: 1_024,
      stream: false,
    });
    expect(request?.raw).not.toContain(API_KEY);
  });

  it('sends no authorization header when no key is set (a local vLLM or Ollama)', async () => {
    await ask(analyst({ GUARD_ANALYSIS_API_KEY: undefined }));

    expect(openai.state.requests[0]?.headers.has('authorization')).toBe(false);
  });

  it('says to check the key on a 401, without echoing the part of it OpenAI quotes', async () => {
    openai.state.mode = 'denied';

    const error = await ask().catch((e: Error) => e);

    expect((error as Error).message).toBe(
      'the endpoint answered HTTP 401 (invalid_api_key); check GUARD_ANALYSIS_API_KEY and that it may use the model',
    );
  });

  it('names a rate limit as such', async () => {
    openai.state.mode = 'throttled';

    await expect(ask()).rejects.toThrow(
      'the endpoint answered HTTP 429 (rate_limit_exceeded); rate limit or quota reached',
    );
  });

  it("keeps a 400's message, which says what the endpoint could not take", async () => {
    server.use(
      http.post(`${BASE_URL}/chat/completions`, () =>
        HttpResponse.json(
          {
            error: {
              message: "Unsupported parameter: 'max_completion_tokens' is not supported with this model.",
              type: 'invalid_request_error',
              param: 'max_completion_tokens',
              code: 'unsupported_parameter',
            },
          },
          { status: 400 },
        ),
      ),
    );

    await expect(ask()).rejects.toThrow(
      "HTTP 400 (unsupported_parameter): Unsupported parameter: 'max_completion_tokens' is not supported with this model.",
    );
  });

  it('does not follow a redirect with the key', async () => {
    server.use(
      http.post(
        `${BASE_URL}/chat/completions`,
        () =>
          new HttpResponse(null, {
            status: 307,
            headers: { location: 'https://elsewhere.example.com/v1/chat/completions' },
          }),
      ),
    );

    await expect(ask()).rejects.toThrow('(a redirect); set GUARD_ANALYSIS_URL to the final URL');
  });

  it('names a network failure by its cause, not by the URL', async () => {
    server.use(http.post(`${BASE_URL}/chat/completions`, () => HttpResponse.error()));

    const error = await ask().catch((e: Error) => e);

    expect((error as Error).message).toMatch(/^OpenAI-compatible endpoint unreachable: /);
    expect((error as Error).message).not.toContain('llm.example.com');
  });

  it('is off unless GUARD_ANALYSIS=openai, and names a missing URL or model', () => {
    expect(createOpenAIAnalyst({ env: { ...env, GUARD_ANALYSIS: 'bedrock' } })).toBeUndefined();
    expect(() => analyst({ GUARD_ANALYSIS_URL: undefined })).toThrow(/^GUARD_ANALYSIS_URL: required/);
    expect(() => analyst({ GUARD_ANALYSIS_MODEL: '' })).toThrow(/^GUARD_ANALYSIS_MODEL: required/);
  });
});
