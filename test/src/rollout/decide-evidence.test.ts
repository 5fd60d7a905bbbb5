import { describe, expect, it } from 'vitest';
import { stopForFailedAction } from '../../../src/rollout/decide.ts';
import type { Decision } from '../../../src/rollout/model.ts';
import { MIN, World } from './decide-world.ts';

/** A rollout whose first wave soaks now (30m soak, no evaluation yet). */
function soaking(): World {
  const w = new World();
  w.tick();
  w.bringToSoak(1);
  return w;
}

const soakComments = (decision: Decision) => decision.actions.filter((a) => a.kind === 'update-soak-comment');

describe('decide › the sticky soak comment', () => {
  it.each([
    ['the soak starts', [], 1],
    ['an evaluation passes every cluster for the first time', [['pass']], 1],
    ['a second passing evaluation shows nothing new', [['pass'], ['pass']], 0],
    ['a cluster starts failing', [['pass'], ['fail']], 1],
    ['a tick with no evaluation', [['pass'], []], 0],
  ] as const)('when %s: %i update', (_when, ticks, expected) => {
    const w = new World();
    w.tick();
    w.tick({ prechecks: { passed: true, summary: 'ok' } });
    w.merge(1);
    let last = w.tick({ applied: w.applied(1) });

    for (const verdict of ticks) {
      w.advance(MIN);
      last = w.tick(verdict.length ? { verdicts: w.verdicts(1, verdict[0]) } : {});
    }

    expect(soakComments(last)).toHaveLength(expected);
  });

  it('is updated once more when the wave leaves the soak', () => {
    const w = soaking();

    const decisions = w.soak(1, 30);

    expect(w.wave(1).phase).toBe('passed');
    expect(soakComments(decisions.at(-1)!)).toEqual([{ kind: 'update-soak-comment', wave: 1 }]);
  });
});

describe('decide › soak evidence', () => {
  it.each([
    ['short evidence is kept whole', 'x'.repeat(100), 'x'.repeat(100)],
    ['long evidence is cut at 20,000 characters', 'y'.repeat(25_000), `${'y'.repeat(20_000)}\n\n… (cut)`],
  ])('%s, on the wave it evaluated', (_what, markdown, kept) => {
    const w = soaking();
    w.advance(MIN);

    w.tick({ verdicts: w.verdicts(1), evidence: { markdown } });

    expect(w.wave(1).evidence).toBe(kept);
    expect(w.wave(2).evidence).toBeUndefined();
  });

  it.each([
    ['a small baseline is kept for the next evaluation', { restarts: { 'test-use1': 3 } }, true],
    ['a baseline too large for a store item is left out', { blob: 'z'.repeat(160_000) }, false],
  ])('%s', (_what, baseline, kept) => {
    const w = soaking();
    w.advance(MIN);
    w.tick({ verdicts: w.verdicts(1), evidence: { markdown: 'first', baseline: { earlier: 1 } } });
    w.advance(MIN);

    w.tick({ verdicts: w.verdicts(1), evidence: { markdown: 'second', baseline } });

    expect(w.wave(1).soak?.baseline).toEqual(kept ? baseline : undefined);
  });

  it('keeps nothing without an evaluation', () => {
    const w = soaking();
    w.advance(MIN);

    w.tick({ verdicts: w.verdicts(1) });

    expect(w.wave(1).evidence).toBeUndefined();
    expect(w.wave(1).soak?.baseline).toBeUndefined();
  });
});

describe('stopForFailedAction', () => {
  it('stops the rollout with the action and the reason, and leaves the given state alone', () => {
    const w = soaking();
    const before = structuredClone(w.state!);

    const { state, audit } = stopForFailedAction(w.state!, { kind: 'open-wave-mr', wave: 2 }, 'file moved');

    expect(state).toMatchObject({ phase: 'stopped', reason: 'GUARD could not open wave mr: file moved' });
    expect(state.waves).toEqual(before.waves);
    expect(audit).toEqual({ action: 'rollout.stopped', reason: 'GUARD could not open wave mr: file moved' });
    expect(w.state).toEqual(before);
  });
});
