import type { Analyst } from '../../src/ports/analyst.ts';
import { createBedrockAnalyst } from './bedrock/index.ts';
import { createOpenAIAnalyst } from './openai/index.ts';
import type { AnalysisSettings, AnalystFactory } from './types.ts';

export type { AnalysisSettings, AnalystFactory } from './types.ts';

/** Every failure-analysis backend, by its GUARD_ANALYSIS value. One folder each. */
export const analysisBackends: ReadonlyMap<string, AnalystFactory> = new Map<string, AnalystFactory>([
  ['bedrock', createBedrockAnalyst],
  ['openai', createOpenAIAnalyst],
]);

/** The backend GUARD_ANALYSIS names; undefined when it is not set (failure analysis is off). */
export function createAnalyst(settings: AnalysisSettings): Analyst | undefined {
  const id = settings.env.GUARD_ANALYSIS;
  if (!id) return undefined;
  const factory = analysisBackends.get(id);
  if (!factory) throw new Error(`GUARD_ANALYSIS: must be one of ${[...analysisBackends.keys()].join(', ')}`);
  return factory(settings);
}
