import type { Analyst } from '../../src/ports/analyst.ts';

/** What every analysis backend is built from. */
export interface AnalysisSettings {
  /**
   * Resolved settings (secrets already read): GUARD_ANALYSIS, GUARD_ANALYSIS_MODEL,
   * GUARD_ANALYSIS_URL, GUARD_ANALYSIS_API_KEY, AWS_REGION.
   */
  env: Record<string, string | undefined>;
  /** HTTP transport for the OpenAI-compatible backend (default the global `fetch`); tests intercept it. */
  fetch?: typeof fetch;
  /** Bedrock's credentials instead of the default chain (tests pass static ones). */
  awsCredentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/** Builds a backend from settings; undefined when GUARD_ANALYSIS names another one (or none). */
export type AnalystFactory = (settings: AnalysisSettings) => Analyst | undefined;

/** A setting the backend needs is missing: the message names it (settings.ts checks these at start). */
export function required(env: AnalysisSettings['env'], name: string, why: string): string {
  const value = env[name]?.trim();
  if (!value) throw new Error(`${name}: required with GUARD_ANALYSIS=${env.GUARD_ANALYSIS}; ${why}`);
  return value;
}
