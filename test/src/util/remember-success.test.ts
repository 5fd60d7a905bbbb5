import { describe, expect, it } from 'vitest';
import { rememberEachSuccess, rememberSuccess } from '../../../src/util/remember-success.ts';

/** An `ask` that counts its calls and answers with the next of `answers` (an Error rejects). */
function asker<T>(...answers: (T | Error)[]) {
  let calls = 0;
  const ask = async (): Promise<T> => {
    const answer = answers[Math.min(calls++, answers.length - 1)]!;
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { ask, calls: () => calls };
}

describe('rememberSuccess', () => {
  it('asks once, for callers while the answer is pending and after it came', async () => {
    const { ask, calls } = asker('v1', 'v2');
    const get = rememberSuccess(ask);

    const together = await Promise.all([get(), get(), get()]);
    const later = await get();

    expect(together).toEqual(['v1', 'v1', 'v1']);
    expect(later).toBe('v1');
    expect(calls()).toBe(1);
  });

  it('forgets a failure, so the next call asks again, and keeps the answer that works', async () => {
    const { ask, calls } = asker<string>(new Error('down'), 'v2', 'v3');
    const get = rememberSuccess(ask);

    const failed = await Promise.all([get(), get()].map((p) => p.catch((e: Error) => e.message)));
    const recovered = await get();
    const again = await get();

    expect(failed).toEqual(['down', 'down']);
    expect([recovered, again]).toEqual(['v2', 'v2']);
    expect(calls()).toBe(2);
  });

  it('asks again once the kept answer is no longer fresh', async () => {
    let now = 0;
    const { ask, calls } = asker({ at: 0 }, { at: 100 });
    const get = rememberSuccess(ask, { fresh: (answer) => now - answer.at < 50 });

    const first = await get();
    now = 40;
    const stillFirst = await get();
    now = 60;
    const second = await get();

    expect([first, stillFirst, second]).toEqual([{ at: 0 }, { at: 0 }, { at: 100 }]);
    expect(calls()).toBe(2);
  });

  it('passes on a synchronous throw and keeps nothing', async () => {
    let calls = 0;
    const get = rememberSuccess((): Promise<string> => {
      calls += 1;
      if (calls === 1) throw new Error('bad input');
      return Promise.resolve('ok');
    });

    expect(() => get()).toThrow('bad input');
    expect(await get()).toBe('ok');
  });
});

describe('rememberEachSuccess', () => {
  it('keeps one answer per key, asking with what the first caller of that key knows', async () => {
    const asked: string[] = [];
    const remember = rememberEachSuccess<string>();
    const lookUp = (key: string, via: string) =>
      remember(key, async () => {
        asked.push(`${key} via ${via}`);
        return `${key}!`;
      });

    const answers = await Promise.all([lookUp('a', 'one'), lookUp('b', 'one'), lookUp('a', 'two')]);

    expect(answers).toEqual(['a!', 'b!', 'a!']);
    expect(asked).toEqual(['a via one', 'b via one']);
  });

  it("forgets one key's failure without touching the others", async () => {
    const remember = rememberEachSuccess<string>();
    let failing = true;
    const a = () => remember('a', async () => (failing ? Promise.reject(new Error('a down')) : 'a'));
    const b = { calls: 0 };
    const getB = () => remember('b', async () => `b${++b.calls}`);

    await expect(a()).rejects.toThrow('a down');
    await getB();
    failing = false;

    expect(await a()).toBe('a');
    expect(await getB()).toBe('b1');
    expect(b.calls).toBe(1);
  });
});
