import type { Settings } from './settings.ts';

/** Each backend with what it needs, and no analysis setting left without GUARD_ANALYSIS. */
export function checkAnalysis(s: Settings, fail: (message: string) => never): void {
  const stray = (['GUARD_ANALYSIS_MODEL', 'GUARD_ANALYSIS_URL', 'GUARD_ANALYSIS_API_KEY'] as const).find(
    (name) => s[name] !== undefined,
  );
  if (!s.GUARD_ANALYSIS && stray) fail(`GUARD_ANALYSIS: required when ${stray} is set; bedrock or openai`);
  if (s.GUARD_ANALYSIS && !s.GUARD_ANALYSIS_MODEL)
    fail(
      s.GUARD_ANALYSIS === 'bedrock'
        ? 'GUARD_ANALYSIS_MODEL: required with GUARD_ANALYSIS=bedrock; a model or inference profile id, e.g. anthropic.claude-3-5-haiku-20241022-v1:0'
        : 'GUARD_ANALYSIS_MODEL: required with GUARD_ANALYSIS=openai; the model name, e.g. gpt-4o-mini',
    );
  if (s.GUARD_ANALYSIS === 'bedrock' && !s.AWS_REGION)
    fail('AWS_REGION: required with GUARD_ANALYSIS=bedrock; the region Bedrock is called in, e.g. us-east-1');
  if (s.GUARD_ANALYSIS === 'bedrock' && (s.GUARD_ANALYSIS_URL || s.GUARD_ANALYSIS_API_KEY))
    fail(
      `${s.GUARD_ANALYSIS_URL ? 'GUARD_ANALYSIS_URL' : 'GUARD_ANALYSIS_API_KEY'}: only used with GUARD_ANALYSIS=openai; Bedrock takes the default AWS credential chain`,
    );
  if (s.GUARD_ANALYSIS === 'openai' && !s.GUARD_ANALYSIS_URL)
    fail(
      'GUARD_ANALYSIS_URL: required with GUARD_ANALYSIS=openai; the API base URL, e.g. https://api.openai.com/v1',
    );
}
