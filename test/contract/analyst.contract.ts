import { beforeEach, describe, expect, it } from 'vitest';
import { type AnalysisPrompt, type Analyst, AnalystTimeoutError } from '../../src/ports/analyst.ts';

/**
 * How the backend behind an analyst answers from now on. ok: a text answer; throttled, denied,
 * unavailable: the vendor's documented 429, 403 and 5xx; model-timeout: the vendor's own timeout;
 * hang: no answer at all; empty: a well-formed answer with no text in it.
 */
export type BackendMode = 'ok' | 'throttled' | 'denied' | 'unavailable' | 'model-timeout' | 'hang' | 'empty';

/** An analyst wired to a backend the test controls (msw for the real adapters). */
export interface AnalystHarness {
  analyst: Analyst;
  behave(mode: BackendMode): void;
  /** The text the backend answers in `ok`. */
  answer(text: string): void;
  /** Requests the backend received, as it read them off the wire. */
  received(): { model: string; system: string; user: string; maxTokens: number }[];
  /** Values that must never show in an error message: keys and tokens. */
  secrets: readonly string[];
}

export const samplePrompt: AnalysisPrompt = {
  system: 'You help platform engineers. Answer in plain text.',
  user: '# promtail 6.16.0: wave 2 of 3 (batch dev) failed\n\nWhy GUARD failed the wave: error ratio 4.1% on dev-2 — “ünïcode” ✓',
  maxTokens: 1_024,
};

const ask = (h: AnalystHarness, signal = new AbortController().signal) =>
  h.analyst.analyse(samplePrompt, signal);

/** What every `Analyst` shares; each adapter's test file calls this once, and the in-memory fake passes it too. */
export function describeAnalystContract(
  name: string,
  makeHarness: () => AnalystHarness | Promise<AnalystHarness>,
): void {
  describe(`${name} analyst contract`, () => {
    let h: AnalystHarness;

    beforeEach(async () => {
      h = await makeHarness();
    });

    it("answers the model's text, having sent GUARD's instructions, the evidence and the token bound to the configured model", async () => {
      h.answer('Likely cause: the new Loki client.\nCheck: promtail logs on dev-2.');

      const text = await ask(h);

      expect(text).toBe('Likely cause: the new Loki client.\nCheck: promtail logs on dev-2.');
      expect(h.received()).toEqual([
        { model: h.analyst.model, system: samplePrompt.system, user: samplePrompt.user, maxTokens: 1_024 },
      ]);
    });

    it.each(['throttled', 'denied', 'unavailable', 'empty'] as const)(
      'throws when the backend is %s, after exactly one request, naming no key',
      async (mode) => {
        h.behave(mode);

        const error = await ask(h).then(
          () => undefined,
          (e: unknown) => e as Error,
        );

        expect(error).toBeInstanceOf(Error);
        expect(error).not.toBeInstanceOf(AnalystTimeoutError);
        expect(error?.message).toMatch(/\S/);
        for (const secret of h.secrets) expect(error?.message).not.toContain(secret);
        expect(h.received()).toHaveLength(1);
      },
    );

    it("throws an AnalystTimeoutError when the model's own time runs out", async () => {
      h.behave('model-timeout');

      await expect(ask(h)).rejects.toBeInstanceOf(AnalystTimeoutError);
      expect(h.received()).toHaveLength(1);
    });

    it('stops waiting, with an AnalystTimeoutError, when the signal aborts (a hang fails by the test timeout)', async () => {
      h.behave('hang');
      const controller = new AbortController();

      const pending = ask(h, controller.signal);
      setTimeout(() => controller.abort(), 50);

      await expect(pending).rejects.toBeInstanceOf(AnalystTimeoutError);
    });
  });
}
