import type { BedrockRuntimeClient, ConverseCommandOutput } from '@aws-sdk/client-bedrock-runtime';
import type { Analyst } from '../../../src/ports/analyst.ts';
import { rememberSuccess } from '../../../src/util/remember-success.ts';
import { type AnalysisSettings, required } from '../types.ts';
import { bedrockError, NoTextError } from './bedrock-error.ts';

type Sdk = typeof import('@aws-sdk/client-bedrock-runtime');

/**
 * Amazon Bedrock through its Converse API (`POST /model/<modelId>/converse` on
 * bedrock-runtime.<AWS_REGION>.amazonaws.com), so any model Bedrock serves takes the same request.
 * Credentials come from the default chain (IRSA, Pod Identity, the environment); the role needs
 * bedrock:InvokeModel on the model. One attempt (the SDK's retries off): GUARD asks once.
 * Undefined unless GUARD_ANALYSIS=bedrock.
 */
export function createBedrockAnalyst(settings: AnalysisSettings): Analyst | undefined {
  const { env } = settings;
  if (env.GUARD_ANALYSIS !== 'bedrock') return undefined;
  const model = required(env, 'GUARD_ANALYSIS_MODEL', 'a Bedrock model or inference profile id');
  const region = required(env, 'AWS_REGION', 'the region Bedrock is called in, e.g. us-east-1');
  // The SDK costs start-up time: loaded on the first question, which may never come.
  const connect = rememberSuccess(async (): Promise<{ sdk: Sdk; client: BedrockRuntimeClient }> => {
    const sdk = await import('@aws-sdk/client-bedrock-runtime');
    // Smithy's protocol helpers too: with them at the top, every start paid some 50 ms for them.
    const { fetchHandler } = await import('./fetch-handler.ts');
    const credentials = settings.awsCredentials;
    const requestHandler = fetchHandler(settings.fetch ?? ((input, init) => globalThis.fetch(input, init)));
    return {
      sdk,
      client: new sdk.BedrockRuntimeClient({
        region,
        maxAttempts: 1,
        requestHandler,
        ...(credentials ? { credentials } : {}),
      }),
    };
  });
  return {
    id: 'bedrock',
    model,
    async analyse(prompt, signal) {
      try {
        const { sdk, client: bedrock } = await connect();
        const command = new sdk.ConverseCommand({
          modelId: model,
          system: [{ text: prompt.system }],
          messages: [{ role: 'user', content: [{ text: prompt.user }] }],
          inferenceConfig: { maxTokens: prompt.maxTokens },
        });
        return answerText(await bedrock.send(command, { abortSignal: signal }));
      } catch (error) {
        throw bedrockError(error, signal);
      }
    },
  };
}

/** The text blocks of the assistant's message (reasoning and tool blocks are not the answer). */
function answerText(out: ConverseCommandOutput): string {
  const text = (out.output?.message?.content ?? [])
    .map((block) => block.text ?? '')
    .join('\n')
    .trim();
  if (!text) throw new NoTextError(`Bedrock answered no text (stopReason ${out.stopReason ?? 'none'})`);
  return text;
}
