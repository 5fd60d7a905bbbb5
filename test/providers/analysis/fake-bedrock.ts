import { delay, HttpResponse, http } from 'msw';
import type { BackendMode } from '../../contract/analyst.contract.ts';

export const REGION = 'us-east-1';
export const MODEL = 'anthropic.claude-3-5-haiku-20241022-v1:0';
export const AWS_KEY = { accessKeyId: 'AKIAGUARDTESTEXAMPLE', secretAccessKey: 'bedrock-test-SECRET-key' };

/** A Converse request body (Amazon Bedrock API reference, Converse, "Request Syntax"). */
export interface ConverseBody {
  system?: { text?: string }[];
  messages?: { role: string; content: { text?: string }[] }[];
  inferenceConfig?: { maxTokens?: number };
}

/**
 * The exceptions the Converse API documents, with their HTTP status; restJson1 names the type in
 * `x-amzn-ErrorType` and puts `message` in the body (Smithy's AWS restJson1 protocol, error responses).
 */
const ERRORS: Partial<Record<BackendMode, [string, number, string]>> = {
  throttled: ['ThrottlingException', 429, 'Too many requests, please wait before trying again.'],
  denied: ['AccessDeniedException', 403, "You don't have access to the model with the specified model ID."],
  unavailable: ['ServiceUnavailableException', 503, 'Bedrock is unable to process your request.'],
  'model-timeout': ['ModelTimeoutException', 408, 'Model has timed out in processing the request.'],
};

/** Bedrock Runtime's Converse endpoint in us-east-1, answering as told. */
export function fakeBedrock() {
  const state = {
    mode: 'ok' as BackendMode,
    answer: 'Likely cause: the new version.',
    requests: [] as { modelId: string; body: ConverseBody; headers: Headers; raw: string }[],
  };
  const handler = http.post(
    `https://bedrock-runtime.${REGION}.amazonaws.com/model/:modelId/converse`,
    async ({ request, params }) => {
      const raw = await request.text();
      state.requests.push({
        modelId: decodeURIComponent(String(params.modelId)),
        body: JSON.parse(raw) as ConverseBody,
        headers: request.headers,
        raw,
      });
      if (state.mode === 'hang') await delay('infinite');
      const error = ERRORS[state.mode];
      if (error) {
        const [type, status, message] = error;
        return HttpResponse.json({ message }, { status, headers: { 'x-amzn-ErrorType': type } });
      }
      const content = state.mode === 'empty' ? [] : [{ text: state.answer }];
      return HttpResponse.json({
        output: { message: { role: 'assistant', content } },
        stopReason: state.mode === 'empty' ? 'max_tokens' : 'end_turn',
        usage: { inputTokens: 412, outputTokens: 87, totalTokens: 499 },
        metrics: { latencyMs: 1_175 },
      });
    },
  );
  return { state, handler };
}
