import { type AnalysisPrompt, type Analyst, AnalystTimeoutError } from '../../src/ports/analyst.ts';
import type { BackendMode } from '../contract/analyst.contract.ts';

/**
 * An in-memory model for engine tests: records every prompt and answers as told, the way the
 * adapters report their backends (passes test/contract/analyst.contract.ts).
 */
export function createFakeAnalyst(answer = 'Hypothesis: the new version crash-loops on dev-2.') {
  const prompts: AnalysisPrompt[] = [];
  let mode: BackendMode = 'ok';
  let text = answer;
  const analyst: Analyst = {
    id: 'fake',
    model: 'fake-model-1',
    async analyse(prompt, signal) {
      prompts.push(structuredClone(prompt));
      if (mode === 'throttled') throw new Error('fake model: throttled (429); try later');
      if (mode === 'denied') throw new Error('fake model: access denied (403); check the credentials');
      if (mode === 'unavailable') throw new Error('fake model: unavailable (503)');
      if (mode === 'empty') throw new Error('fake model answered no text');
      if (mode === 'model-timeout') throw new AnalystTimeoutError('fake model: timed out (408)');
      if (mode === 'hang') {
        await new Promise<never>((_, reject) => {
          signal.addEventListener('abort', () => reject(new AnalystTimeoutError('fake model: aborted')));
        });
      }
      return text;
    },
  };
  return {
    analyst,
    prompts,
    calls: () => prompts.length,
    behave(next: BackendMode) {
      mode = next;
    },
    answer(next: string) {
      text = next;
    },
  };
}

export type FakeAnalyst = ReturnType<typeof createFakeAnalyst>;
