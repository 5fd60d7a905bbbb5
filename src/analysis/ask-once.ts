import { type AnalysisPrompt, type Analyst, AnalystTimeoutError } from '../ports/analyst.ts';
import { cleanAnswer } from './render-analysis.ts';

export type Reply = { outcome: 'answered'; text: string } | { outcome: 'timeout' | 'error'; error: string };

/**
 * One request to the model, cut off (and its HTTP request aborted) at `timeoutMs`, its answer
 * cleaned. Never throws: a timeout, an error or an answer with nothing printable in it is a reply
 * that says so, and the caller leaves the section out.
 */
export async function askOnce(analyst: Analyst, prompt: AnalysisPrompt, timeoutMs: number): Promise<Reply> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new AnalystTimeoutError(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    const text = cleanAnswer(await Promise.race([analyst.analyse(prompt, controller.signal), deadline]));
    if (!text) return { outcome: 'error', error: 'the model answered no text' };
    return { outcome: 'answered', text };
  } catch (error) {
    const outcome = error instanceof AnalystTimeoutError ? 'timeout' : 'error';
    return { outcome, error: String((error as Error)?.message ?? error).slice(0, 300) };
  } finally {
    clearTimeout(timer);
  }
}
