/**
 * A language model that reads the evidence of a failed wave and answers a short root-cause
 * hypothesis (GUARD_ANALYSIS). Adapters live in providers/analysis/, one folder each (Amazon
 * Bedrock's Converse API, any OpenAI-compatible chat completions endpoint), and pass
 * test/contract/analyst.contract.ts. Optional and advisory: GUARD asks at most once per failed wave,
 * after the rollback MR is open, and nothing it decides depends on the answer.
 */
export interface Analyst {
  /** Names the backend in logs, metrics and the comment (`bedrock`, `openai`). */
  readonly id: string;
  /** The model asked (GUARD_ANALYSIS_MODEL), shown beside the answer. */
  readonly model: string;
  /**
   * Sends `prompt` once, without retrying, and resolves with the model's text. Throws when there is
   * no text: an AnalystTimeoutError when the model or `signal` ran out of time, any other error
   * otherwise. Error messages never carry a key, a token or a URL's credentials.
   */
  analyse(prompt: AnalysisPrompt, signal: AbortSignal): Promise<string>;
}

/** What the model is asked: GUARD's instructions, the evidence, and how long an answer may be. */
export interface AnalysisPrompt {
  system: string;
  user: string;
  /** Upper bound on the answer's tokens, passed to the model. */
  maxTokens: number;
}

/** The model did not answer in time (its own timeout, or GUARD's deadline cut the request). */
export class AnalystTimeoutError extends Error {
  override name = 'AnalystTimeoutError';
}
