import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBedrockAnalyst } from '../../../providers/analysis/bedrock/index.ts';
import type { Analyst } from '../../../src/ports/analyst.ts';
import { describeAnalystContract, samplePrompt } from '../../contract/analyst.contract.ts';
import { AWS_KEY, fakeBedrock, MODEL, REGION } from './fake-bedrock.ts';

const bedrock = fakeBedrock();
const server = setupServer(bedrock.handler);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  bedrock.state.mode = 'ok';
  bedrock.state.requests = [];
});
afterAll(() => server.close());

const env = { GUARD_ANALYSIS: 'bedrock', GUARD_ANALYSIS_MODEL: MODEL, AWS_REGION: REGION };
const analyst = (): Analyst => createBedrockAnalyst({ env, awsCredentials: AWS_KEY })!;

describeAnalystContract('bedrock', () => {
  bedrock.state.requests = [];
  bedrock.state.mode = 'ok';
  return {
    analyst: analyst(),
    behave: (mode) => {
      bedrock.state.mode = mode;
    },
    answer: (text) => {
      bedrock.state.answer = text;
    },
    received: () =>
      bedrock.state.requests.map((r) => ({
        model: r.modelId,
        system: r.body.system?.[0]?.text ?? '',
        user: r.body.messages?.[0]?.content[0]?.text ?? '',
        maxTokens: r.body.inferenceConfig?.maxTokens ?? -1,
      })),
    secrets: [AWS_KEY.secretAccessKey],
  };
});

describe('bedrock analyst', () => {
  it('calls Converse on the model in the region, signed with SigV4 for bedrock, one user message after the system prompt', async () => {
    await analyst().analyse(samplePrompt, new AbortController().signal);

    const [request] = bedrock.state.requests;
    expect(request?.modelId).toBe(MODEL);
    expect(request?.body).toEqual({
      system: [{ text: samplePrompt.system }],
      messages: [{ role: 'user', content: [{ text: samplePrompt.user }] }],
      inferenceConfig: { maxTokens: 1_024 },
    });
    expect(request?.headers.get('authorization')).toMatch(
      new RegExp(`^AWS4-HMAC-SHA256 Credential=${AWS_KEY.accessKeyId}/\\d{8}/${REGION}/bedrock/aws4_request`),
    );
    expect(request?.raw).not.toContain(AWS_KEY.secretAccessKey);
  });

  it('says what to check when access is denied: the role may not invoke the model', async () => {
    bedrock.state.mode = 'denied';

    await expect(analyst().analyse(samplePrompt, new AbortController().signal)).rejects.toThrow(
      /AccessDeniedException.*bedrock:InvokeModel/,
    );
  });

  it('reads only the text blocks of the answer', async () => {
    bedrock.state.answer = 'Cause: X.';

    expect(await analyst().analyse(samplePrompt, new AbortController().signal)).toBe('Cause: X.');
  });

  it('is off unless GUARD_ANALYSIS=bedrock, and names a missing model or region', () => {
    expect(createBedrockAnalyst({ env: { ...env, GUARD_ANALYSIS: 'openai' } })).toBeUndefined();
    expect(() => createBedrockAnalyst({ env: { GUARD_ANALYSIS: 'bedrock', AWS_REGION: REGION } })).toThrow(
      /^GUARD_ANALYSIS_MODEL: required/,
    );
    expect(() =>
      createBedrockAnalyst({ env: { GUARD_ANALYSIS: 'bedrock', GUARD_ANALYSIS_MODEL: MODEL } }),
    ).toThrow(/^AWS_REGION: required/);
  });
});
