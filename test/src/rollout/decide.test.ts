import { describe, expect, it } from 'vitest';
import { decide, soakEvaluationDue } from '../../../src/rollout/decide.ts';
import type { DecideState } from '../../../src/rollout/decide-draft.ts';
import type { AcceptedCommand } from '../../../src/rollout/model.ts';
import { audited, command, expectSettled, KEY, kinds, MIN, T0, THREE_WAVES, World } from './decide-world.ts';

const PRECHECKS_PASS = { prechecks: { passed: true, summary: 'all prechecks passed' } };
const iso = (ms: number) => new Date(ms).toISOString();

/** Starts the rollout and brings wave 1 to passed (30m soak, every verdict pass). */
function passFirstWave(w: World): void {
  w.tick();
  w.bringToSoak(1);
  w.soak(1, 30);
  expect(w.wave(1).phase).toBe('passed');
}

describe('decide', () => {
  describe('a 3-wave rollout', () => {
    it('walks tick by tick from the request to completed', () => {
      const w = new World();

      const started = w.tick();

      expect(audited(started)).toEqual(['rollout.started', 'wave.opened']);
      expect(started.actions).toEqual([
        { kind: 'open-wave-mr', wave: 1 },
        { kind: 'run-prechecks', wave: 1 },
        { kind: 'update-dashboard' },
      ]);
      expect(w.state).toMatchObject({ key: KEY.key, service: 'istio', version: '1.20.0', phase: 'active' });
      expect(w.state?.waves.map((x) => [x.index, x.batch, x.phase, x.branch])).toEqual([
        [1, 'test', 'open', 'guard/istio/1.20.0/test'],
        [2, 'staging', 'pending', 'guard/istio/1.20.0/staging'],
        [3, 'prod', 'pending', 'guard/istio/1.20.0/prod'],
      ]);
      expect(w.wave(2).clusters.map((c) => c.name)).toEqual(['stg-euw1', 'stg-use1']);

      for (const index of [1, 2, 3]) {
        const ready = w.tick(PRECHECKS_PASS);
        expect(w.wave(index)).toMatchObject({ phase: 'ready', mr: { number: w.mr(index).number } });
        expect(ready.actions).toContainEqual({
          kind: 'set-precheck',
          wave: index,
          state: 'success',
          title: 'prechecks passed',
        });

        w.advance(5 * MIN);
        w.merge(index);
        const merged = w.tick({ applied: w.applied(index, 'pending') });
        expect(audited(merged)).toEqual(['wave.merged']);
        expect(w.wave(index)).toMatchObject({
          phase: 'applying',
          mergedAt: iso(w.now),
          mergeSha: `sha-${w.mr(index).number}`,
        });
        expect(merged.requeueAfterMs).toBe(MIN);

        w.advance(2 * MIN);
        const applied = w.tick({ applied: w.applied(index) });
        expect(audited(applied)).toEqual(['wave.applied']);
        expect(w.wave(index).soak).toEqual({
          startedAt: iso(w.now),
          countedAt: iso(w.now),
          elapsedMs: 0,
          failures: {},
          passes: {},
          evaluations: 0,
          inconclusive: 0,
        });

        const ticks = w.soak(index, 40);
        expect(ticks).toHaveLength(30);
        expect(ticks[0]?.requeueAfterMs).toBe(MIN);
        expect(w.wave(index)).toMatchObject({
          phase: 'passed',
          soak: { elapsedMs: 30 * MIN, evaluations: 30 },
        });
        const passed = ticks.at(-1)!;
        expect(passed.actions).toContainEqual({
          kind: 'set-soak-check',
          wave: index,
          state: 'success',
          title: 'soaked 30m without failing',
        });
        if (index < 3) expect(passed.actions).toContainEqual({ kind: 'open-wave-mr', wave: index + 1 });
      }

      const done = w.history.at(-1)!;
      expect(w.state).toMatchObject({ phase: 'completed' });
      expect(audited(done)).toEqual(['soak.evaluated', 'wave.passed', 'rollout.completed']);
      expect(kinds(done)).toEqual(['set-soak-check', 'close-dashboard', 'update-soak-comment']);
      expect(done.requeueAfterMs).toBeUndefined();
      expect(w.actionsOf('open-wave-mr').map((a) => a.wave)).toEqual([1, 2, 3]);
      expect(w.actionsOf('open-rollback-mr')).toEqual([]);
    });

    it('does nothing more once completed', () => {
      const w = new World({ test: ['test-use1'] });
      passFirstWave(w);
      expect(w.state?.phase).toBe('completed');

      w.advance(MIN);
      const idle = w.tick({ verdicts: { 'test-use1': 'fail' } });

      expect(idle.actions).toEqual([]);
      expect(idle.audit).toEqual([]);
    });
  });
});

describe('decide › when a wave fails', () => {
  it('soak failure in wave 2 opens exactly one rollback MR for wave 2 and never opens wave 3', () => {
    const w = new World();
    passFirstWave(w);
    w.bringToSoak(2);

    const ticks = w.soak(2, 10, { 'stg-euw1': 'fail', 'stg-use1': 'pass' });

    expect(ticks).toHaveLength(3);
    const failed = ticks.at(-1)!;
    const reason = 'soak failed on cluster stg-euw1: 3 consecutive failing evaluations';
    expect(w.wave(2)).toMatchObject({
      phase: 'rolling-back',
      failure: { at: iso(w.now), reason },
      rollback: { branch: 'guard/rollback/istio/1.20.0/staging', reason },
    });
    expect(w.state).toMatchObject({ phase: 'failed', reason: `wave 2/3 (staging) failed: ${reason}` });
    expect(failed.actions).toEqual([
      { kind: 'set-soak-check', wave: 2, state: 'failure', title: reason },
      {
        kind: 'comment',
        on: { kind: 'mr', number: w.mr(2).number },
        body: expect.stringContaining(reason),
      },
      { kind: 'open-rollback-mr', wave: 2, reason },
      { kind: 'update-dashboard' },
      // The sticky soak comment shows the wave's end.
      { kind: 'update-soak-comment', wave: 2 },
    ]);
    expect(audited(failed)).toEqual(['soak.evaluated', 'wave.failed', 'rollback.opened']);

    w.advance(MIN);
    w.tick({ verdicts: w.verdicts(2, 'fail') });
    expect(w.wave(2).rollback?.mr?.number).toBe(w.rollbackMr(2)?.number);

    w.mergeMr(w.rollbackMr(2)!.number);
    const merged = w.tick({ applied: w.applied(2, 'pending') });
    expect(audited(merged)).toEqual(['rollback.merged']);
    expect(merged.requeueAfterMs).toBe(MIN);

    w.advance(3 * MIN);
    const back = w.tick({ applied: w.applied(2) });
    expect(audited(back)).toEqual(['wave.rolled-back', 'rollout.rolled-back']);
    expect(kinds(back)).toEqual(['close-dashboard']);
    expect(w.state?.phase).toBe('rolled-back');
    expect(w.wave(2).phase).toBe('rolled-back');

    w.advance(MIN);
    expect(w.tick().actions).toEqual([]);
    expect(w.actionsOf('open-rollback-mr')).toEqual([{ kind: 'open-rollback-mr', wave: 2, reason }]);
    expect(w.actionsOf('open-wave-mr').map((a) => a.wave)).toEqual([1, 2]);
    expect(w.wave(3).phase).toBe('pending');
  });

  it('waits for `/guard rollback` when the request says rollback: manual', () => {
    const w = new World(THREE_WAVES, { rollback: 'manual' });
    w.tick();
    w.bringToSoak(1);

    const failed = w.soak(1, 5, w.verdicts(1, 'fail')).at(-1)!;

    expect(w.wave(1).phase).toBe('failed');
    expect(w.state?.phase).toBe('failed');
    expect(kinds(failed)).toEqual(['set-soak-check', 'comment', 'update-dashboard', 'update-soak-comment']);
    expect(failed.actions[1]).toMatchObject({ body: expect.stringContaining('comment `/guard rollback`') });

    w.advance(10 * MIN);
    expect(w.tick({ verdicts: w.verdicts(1, 'fail') }).actions).toEqual([]);

    const rollback = command('rollback', { kind: 'mr', number: w.mr(1).number }, { reason: 'p99 doubled' });
    const rolled = w.tick({ commands: [rollback] });

    expect(w.wave(1)).toMatchObject({
      phase: 'rolling-back',
      failure: { reason: 'soak failed on cluster test-use1: 3 consecutive failing evaluations' },
      rollback: { reason: 'rollback requested by alice: p99 doubled' },
    });
    expect(rolled.actions).toContainEqual({
      kind: 'open-rollback-mr',
      wave: 1,
      reason: 'rollback requested by alice: p99 doubled',
    });
    expect(rolled.audit).toEqual([
      {
        actor: 'alice',
        action: 'rollback.opened',
        reason: expect.stringContaining('guard/rollback/istio/1.20.0/test'),
      },
      {
        actor: 'alice',
        action: 'command.rollback',
        reason: `rolling back wave 1/3 (test) (command ${rollback.id})`,
      },
    ]);
    expect(rolled.actions).toContainEqual({
      kind: 'comment',
      on: { kind: 'mr', number: w.mr(1).number },
      body: '`/guard rollback` by @alice: rolling back wave 1/3 (test).',
    });
  });

  it('fails a wave not applied within rolloutTimeout of its merge', () => {
    const w = new World(THREE_WAVES, { rolloutTimeout: '20m' });
    w.tick();
    w.tick(PRECHECKS_PASS);
    w.merge(1);
    w.tick({ applied: w.applied(1, 'pending') });

    w.advance(20 * MIN - 30_000);
    const waiting = w.tick({ applied: w.applied(1, 'pending') });
    expect(waiting.requeueAfterMs).toBe(30_001);
    w.advance(30_000);
    expect(w.tick({ applied: w.applied(1, 'pending') }).audit).toEqual([]);
    w.advance(1000);
    const timedOut = w.tick({ applied: w.applied(1, 'pending') });

    expect(w.wave(1)).toMatchObject({
      phase: 'rolling-back',
      failure: { reason: 'not applied within 20m: test-use1' },
    });
    expect(kinds(timedOut)).toEqual(['set-soak-check', 'comment', 'open-rollback-mr', 'update-dashboard']);
  });

  it('fails a wave at once when a cluster fails to apply', () => {
    const w = new World({ staging: ['stg-euw1', 'stg-use1'] });
    w.tick();
    w.tick(PRECHECKS_PASS);
    w.merge(1);

    w.tick({ applied: { 'stg-euw1': 'applied', 'stg-use1': 'failed' } });

    expect(w.wave(1)).toMatchObject({
      phase: 'rolling-back',
      failure: { reason: 'cluster stg-use1 failed to apply 1.20.0' },
    });
    expect(w.wave(1).soak).toBeUndefined();
  });

  describe('when the soak ends with insufficient evidence', () => {
    const thin = { 'stg-euw1': 'pass', 'stg-use1': 'inconclusive' } as const;

    it.each([
      { onNoData: 'pass', minutes: 30, phase: 'passed', reason: undefined },
      {
        onNoData: 'fail',
        minutes: 30,
        phase: 'rolling-back',
        reason: 'insufficient evidence for cluster stg-use1',
      },
    ] as const)(
      'onNoData: $onNoData ends it after $minutes minutes as $phase',
      ({ onNoData, minutes, phase, reason }) => {
        const w = new World({ staging: ['stg-euw1', 'stg-use1'] }, { onNoData });
        w.tick();
        w.bringToSoak(1);

        const ticks = w.soak(1, 90, thin);

        expect(ticks).toHaveLength(minutes);
        expect(w.wave(1).phase).toBe(phase);
        expect(w.wave(1).failure?.reason).toBe(reason);
        expect(w.wave(1).soak).toMatchObject({
          elapsedMs: minutes * MIN,
          evaluations: minutes,
          inconclusive: minutes,
        });
      },
    );

    it('onNoData: extend holds the wave at the end of the extension: guard/soak neutral, a comment, no rollback', () => {
      const w = new World({ staging: ['stg-euw1', 'stg-use1'] });
      w.tick();
      w.bringToSoak(1);

      const ticks = w.soak(1, 60, thin);
      const later = w.soak(1, 5, thin);

      expect(audited(ticks.at(-1)!)).toEqual(['soak.evaluated', 'wave.held']);
      expect(w.wave(1)).toMatchObject({
        phase: 'soaking',
        soak: {
          evaluations: 60,
          held: { reason: 'insufficient evidence for cluster stg-use1 after a soak extended to 1h' },
        },
      });
      expect(w.state?.phase).toBe('active');
      expect(w.state?.reason).toBe(
        'wave 1/1 (staging) held: insufficient evidence for cluster stg-use1 after a soak extended to 1h',
      );
      expect(w.actionsOf('open-rollback-mr')).toEqual([]);
      expect(w.actionsOf('set-soak-check')).toEqual([
        {
          kind: 'set-soak-check',
          wave: 1,
          state: 'neutral',
          title: 'held: insufficient evidence for cluster stg-use1 after a soak extended to 1h',
        },
      ]);
      const comments = w.actionsOf('comment').map((c) => c.body);
      expect(comments).toHaveLength(1);
      expect(comments[0]).toContain('**GUARD: wave 1/1 (staging) is held.**');
      expect(comments[0]).toContain('`/guard skip-soak <reason>`');
      expect(comments[0]).toContain('`/guard rollback [reason]`');
      expect(comments[0]).toContain('| stg-use1 |');
      // Held: no more evaluations are counted, nothing is decided until a person acts.
      expect(later.flatMap((d) => [...d.actions, ...d.audit])).toEqual([]);
      expect(w.wave(1).soak?.evaluations).toBe(60);
    });

    it('says in the hold comment what each cluster lacked at its latest evaluation', () => {
      const w = new World({ staging: ['stg-euw1', 'stg-use1'] });
      w.tick();
      w.bringToSoak(1);
      const soakReasons = { 'stg-use1': 'mesh-p95-ms: baseline has 0 points before the merge; needs 8' };

      for (let i = 0; i < 60; i++) {
        w.advance(MIN);
        w.tick({ verdicts: thin, soakReasons });
      }

      const body = w.actionsOf('comment')[0]!.body;
      expect(body).toContain('| stg-use1 | mesh-p95-ms: baseline has 0 points before the merge; needs 8 |');
      expect(body).not.toContain('| stg-euw1 |');
    });

    it.each([
      ['skip-soak', 'passed', 'success'],
      ['rollback', 'rolling-back', 'failure'],
    ] as const)('a held wave moves on /guard %s: %s', (name, phase, check) => {
      const w = new World({ staging: ['stg-euw1', 'stg-use1'] });
      w.tick();
      w.bringToSoak(1);
      w.soak(1, 60, thin);
      expect(w.wave(1).soak?.held).toBeDefined();

      w.tick({
        commands: [command(name, { kind: 'mr', number: w.mr(1).number }, { reason: 'checked by hand' })],
      });

      expect(w.wave(1).phase).toBe(phase);
      expect(w.actionsOf('set-soak-check').at(-1)?.state).toBe(check);
    });

    it('onNoData: extend extends once, and passes as soon as the evidence arrives', () => {
      const w = new World({ staging: ['stg-euw1', 'stg-use1'] });
      w.tick();
      w.bringToSoak(1);

      const ticks = w.soak(1, 30, thin);
      expect(audited(ticks.at(-1)!)).toEqual(['soak.evaluated', 'soak.extended']);
      expect(w.wave(1)).toMatchObject({ phase: 'soaking', soak: { extended: true } });
      w.soak(1, 10, thin);
      const passed = w.soak(1, 10, w.verdicts(1, 'pass'));

      expect(passed).toHaveLength(1);
      expect(w.wave(1)).toMatchObject({ phase: 'passed', soak: { elapsedMs: 41 * MIN } });
    });
  });

  it.each([
    { maxFailedClusters: 0, failing: ['prod-euw1'], phase: 'rolling-back', allowed: 'none' },
    { maxFailedClusters: 1, failing: ['prod-euw1'], phase: 'passed', allowed: 'one' },
    { maxFailedClusters: 1, failing: ['prod-euw1', 'prod-use1'], phase: 'rolling-back', allowed: 'one' },
  ])(
    'with $allowed of 3 clusters allowed to fail and $failing failing, the soak ends $phase',
    ({ maxFailedClusters, failing, phase }) => {
      const w = new World({ prod: ['prod-euw1', 'prod-use1', 'prod-apse1'] }, { maxFailedClusters });
      w.tick();
      w.bringToSoak(1);
      const verdicts = {
        ...w.verdicts(1, 'pass'),
        ...Object.fromEntries(failing.map((c) => [c, 'fail' as const])),
      };

      w.soak(1, 40, verdicts);

      expect(w.wave(1).phase).toBe(phase);
      if (phase === 'rolling-back') {
        const names = failing.length === 1 ? `cluster ${failing[0]}` : `clusters ${failing.join(', ')}`;
        expect(w.wave(1).failure?.reason).toBe(`soak failed on ${names}: 3 consecutive failing evaluations`);
      }
    },
  );

  it('extends a soak GUARD was away for until it has 80% of the evaluations its length implies', () => {
    const w = new World({ test: ['test-use1'] });
    w.tick();
    w.bringToSoak(1);
    w.soak(1, 10);

    w.advance(20 * MIN); // GUARD was down: no ticks, no evaluations
    const back = w.soak(1, 1);
    expect(w.wave(1)).toMatchObject({ phase: 'soaking', soak: { evaluations: 11, needEvaluations: 24 } });
    expect(back[0]!.audit.map((a) => a.reason)).toContain(
      'wave 1/1 (test): only 11 of the 30 evaluations of a 30m soak were made (GUARD was away for part of it); soak extended until 24 are',
    );
    const rest = w.soak(1, 30);

    expect(rest).toHaveLength(13);
    expect(w.wave(1)).toMatchObject({ phase: 'passed', soak: { evaluations: 24 } });
    expect(rest.flatMap((d) => d.audit).filter((a) => a.action === 'soak.extended')).toEqual([]);
  });

  it('counts failures as consecutive: a pass in between resets a cluster that has not failed yet', () => {
    const w = new World({ test: ['test-use1'] });
    w.tick();
    w.bringToSoak(1);

    for (const verdict of ['fail', 'fail', 'pass', 'fail', 'fail'] as const)
      w.soak(1, 1, w.verdicts(1, verdict));

    expect(w.wave(1)).toMatchObject({
      phase: 'soaking',
      soak: { failures: { 'test-use1': 2 }, passes: { 'test-use1': 1 } },
    });
  });

  it('counts failures as consecutive: an inconclusive evaluation (no evidence) breaks the run too', () => {
    const w = new World({ test: ['test-use1'] });
    w.tick();
    w.bringToSoak(1);

    for (const verdict of ['fail', 'fail', 'inconclusive', 'fail', 'inconclusive', 'fail'] as const)
      w.soak(1, 1, w.verdicts(1, verdict));

    expect(w.wave(1)).toMatchObject({ phase: 'soaking', soak: { failures: { 'test-use1': 1 } } });
  });

  it('counts a verdict once per interval: a tick arriving early is not an evaluation', () => {
    const w = new World({ test: ['test-use1'] });
    w.tick();
    w.bringToSoak(1);
    w.soak(1, 1, w.verdicts(1, 'fail'));

    w.advance(20_000);
    const early = w.tick({ verdicts: w.verdicts(1, 'fail') });

    expect(early.audit).toEqual([]);
    expect(w.wave(1).soak).toMatchObject({ evaluations: 1, failures: { 'test-use1': 1 }, elapsedMs: 80_000 });
  });

  it('merges the rollback MR itself with rollback autoMerge', () => {
    const w = new World({ test: ['test-use1'] }, { rollback: { mode: 'automatic', autoMerge: true } });
    w.tick();
    w.bringToSoak(1);
    w.soak(1, 3, w.verdicts(1, 'fail'));

    w.advance(MIN);
    const merging = w.tick();

    expect(merging.actions).toEqual([
      { kind: 'merge-mr', number: w.rollbackMr(1)!.number },
      { kind: 'update-dashboard' },
    ]);
    expect(w.rollbackMr(1)?.state).toBe('merged');
    w.tick({ applied: w.applied(1) });
    expect(w.state?.phase).toBe('rolled-back');
  });

  it('stops when the rollback MR is closed unmerged and carries on when it is reopened', () => {
    const w = new World({ test: ['test-use1'] });
    w.tick();
    w.bringToSoak(1);
    w.soak(1, 3, w.verdicts(1, 'fail'));
    w.tick();
    const rollback = w.rollbackMr(1)!;

    w.setMrState(rollback.number, 'closed');
    const stopped = w.tick();
    expect(w.state).toMatchObject({ phase: 'stopped', reason: 'rollback MR closed without merging' });
    expect(audited(stopped)).toEqual(['rollout.stopped']);
    expect(w.tick().actions).toEqual([]);

    w.setMrState(rollback.number, 'open');
    const resumed = w.tick();
    expect(audited(resumed)).toEqual(['rollout.resumed']);
    expect(w.state?.phase).toBe('failed');
    w.mergeMr(rollback.number);
    w.tick({ applied: w.applied(1) });
    expect(w.state?.phase).toBe('rolled-back');
  });
});

describe('decide › pause and resume', () => {
  it('stops the soak clock and evaluations while paused', () => {
    const w = new World();
    w.tick();
    w.bringToSoak(1);
    w.soak(1, 10);
    const mr = { kind: 'mr', number: w.mr(1).number } as const;

    w.advance(30_000);
    const paused = w.tick({ commands: [command('pause', mr, { reason: 'investigating an alert' })] });
    expect(w.state).toMatchObject({ phase: 'paused', pausedAt: iso(w.now) });
    expect(w.wave(1).soak?.elapsedMs).toBe(10 * MIN + 30_000);
    expect(paused.audit).toEqual([
      { actor: 'alice', action: 'command.pause', reason: expect.stringContaining('rollout paused') },
    ]);
    expect(paused.requeueAfterMs).toBeUndefined();

    const whilePaused = w.soak(1, 60, w.verdicts(1, 'fail'));
    expect(whilePaused.flatMap((d) => [...d.actions, ...d.audit])).toEqual([]);
    expect(w.wave(1).soak).toMatchObject({ elapsedMs: 10 * MIN + 30_000, evaluations: 10, failures: {} });

    const resumed = w.tick({ commands: [command('resume', { kind: 'issue', number: 7 })] });
    expect(w.state?.phase).toBe('active');
    expect(w.state?.pausedAt).toBeUndefined();
    expect(resumed.actions).toContainEqual({
      kind: 'comment',
      on: { kind: 'issue', number: 7 },
      body: '`/guard resume` by @alice: rollout resumed; the soak clock and promotion run again.',
    });

    w.advance(30_000);
    w.tick({ verdicts: w.verdicts(1) });
    const rest = w.soak(1, 30);
    expect(rest).toHaveLength(19);
    expect(w.wave(1)).toMatchObject({ phase: 'passed', soak: { elapsedMs: 30 * MIN } });
  });

  it('holds promotion while paused: the next wave MR opens only after resume', () => {
    const w = new World();
    w.tick();
    w.bringToSoak(1);
    w.window = { open: false, opensAt: iso(T0 + 24 * 60 * MIN) };
    w.soak(1, 30);
    expect(w.wave(2)).toMatchObject({
      phase: 'pending',
      waitingForWindow: { opensAt: iso(T0 + 24 * 60 * MIN) },
    });

    w.tick({ commands: [command('pause', { kind: 'mr', number: w.mr(1).number })] });
    w.window = { open: true };
    const held = w.tick();
    expect(held.actions).toEqual([]);
    const resumed = w.tick({ commands: [command('resume', { kind: 'mr', number: w.mr(1).number })] });

    expect(kinds(resumed)).toEqual(['comment', 'open-wave-mr', 'run-prechecks', 'update-dashboard']);
    expect(w.wave(2).phase).toBe('open');
  });
});

describe('decide › skip-soak', () => {
  it('passes the soaking wave, records who, when and why, and opens the next wave', () => {
    const w = new World();
    w.tick();
    w.bringToSoak(1);
    w.soak(1, 5);

    const skip = command(
      'skip-soak',
      { kind: 'mr', number: w.mr(1).number },
      { by: 'bob', reason: 'known noisy metric' },
    );
    const skipped = w.tick({ commands: [skip] });

    expect(w.wave(1)).toMatchObject({
      phase: 'passed',
      skipSoak: { by: 'bob', at: iso(w.now), reason: 'known noisy metric' },
    });
    expect(skipped.actions).toEqual([
      { kind: 'set-soak-check', wave: 1, state: 'success', title: 'soak skipped by bob: known noisy metric' },
      {
        kind: 'comment',
        on: { kind: 'mr', number: w.mr(1).number },
        body: expect.stringContaining('skipped'),
      },
      { kind: 'open-wave-mr', wave: 2 },
      { kind: 'run-prechecks', wave: 2 },
      { kind: 'update-dashboard' },
      { kind: 'update-soak-comment', wave: 1 },
    ]);
    expect(skipped.audit.map((a) => [a.actor, a.action])).toEqual([
      ['bob', 'wave.passed'],
      ['bob', 'command.skip-soak'],
      ['guard', 'wave.opened'],
    ]);
  });
});

describe('decide › when the request changes', () => {
  it('supersedes mid-soak: the new attempt starts, merged waves stay as they are', () => {
    const w = new World();
    passFirstWave(w);
    w.bringToSoak(2);
    w.soak(2, 10);
    w.state = { ...w.state!, dashboard: { number: 7, url: 'https://github.com/acme/fleet/issues/7' } };

    w.setRequest(THREE_WAVES, { version: '1.20.1' });
    const superseded = w.tick();

    expect(audited(superseded)).toEqual(['rollout.superseded', 'rollout.started', 'wave.opened']);
    expect(superseded.actions).toEqual([
      { kind: 'open-wave-mr', wave: 1 },
      { kind: 'run-prechecks', wave: 1 },
      { kind: 'update-dashboard' },
    ]);
    expect(w.state).toMatchObject({
      key: KEY.key,
      version: '1.20.1',
      phase: 'active',
      dashboard: { number: 7 },
      createdAt: iso(w.now),
    });
    expect(w.state?.waves.map((x) => [x.phase, x.branch])).toEqual([
      ['open', 'guard/istio/1.20.1/test'],
      ['pending', 'guard/istio/1.20.1/staging'],
      ['pending', 'guard/istio/1.20.1/prod'],
    ]);
    expect(w.actionsOf('open-rollback-mr')).toEqual([]);
  });

  it('closes the open wave MR of the old attempt with a comment naming the new version', () => {
    const w = new World();
    passFirstWave(w);
    w.tick(PRECHECKS_PASS);
    const old = w.mr(2);

    w.setRequest(THREE_WAVES, { version: '1.21.0' });
    const superseded = w.tick();

    expect(superseded.actions[0]).toEqual({
      kind: 'close-mr',
      number: old.number,
      comment: expect.stringContaining('now asks for istio 1.21.0'),
    });
    expect(w.mrs[old.branch]?.state).toBe('closed');
    expect(superseded.audit[0]?.reason).toBe(`request changed from 1.20.0 to 1.21.0; closing !${old.number}`);
  });

  it('never adopts an MR of the old attempt when the new one reuses its branches (same version)', () => {
    const w = new World();
    w.tick();
    w.tick(PRECHECKS_PASS);
    const old = w.mr(1);

    w.setRequest(THREE_WAVES, { soak: { duration: '2h' } });
    w.tick();
    const reopened = w.tick();

    expect(w.mr(1).number).not.toBe(old.number);
    expect(w.wave(1)).toMatchObject({ phase: 'open', mr: { number: w.mr(1).number } });
    expect((w.state as DecideState).staleMrs).toEqual([old.number]);
    expect(audited(reopened)).toEqual([]);
  });
});

describe('decide › when the request is removed', () => {
  it('stops for good, closes the open wave MRs and the dashboard', () => {
    const w = new World();
    passFirstWave(w);
    const open = w.mr(2);

    w.removeRequest();
    const removed = w.tick();

    expect(w.state).toMatchObject({ phase: 'stopped', reason: 'request removed from guard/upgrade.yaml' });
    expect(removed.actions).toEqual([
      { kind: 'close-mr', number: open.number, comment: expect.stringContaining('request was removed') },
      { kind: 'close-dashboard' },
    ]);
    expect(audited(removed)).toEqual(['rollout.stopped']);
    expect(w.tick().actions).toEqual([]);
  });

  it('starts a new attempt when the same request is added again, without adopting old MRs', () => {
    const w = new World();
    passFirstWave(w);
    w.removeRequest();
    w.tick();

    w.setRequest(THREE_WAVES);
    const again = w.tick();

    expect(audited(again)).toEqual(['rollout.started', 'wave.opened']);
    expect(again.audit[0]?.reason).toContain('replaces the stopped attempt for 1.20.0');
    expect(w.state?.waves.map((x) => x.phase)).toEqual(['open', 'pending', 'pending']);
  });
});

describe('decide › the wave MR', () => {
  it('stops the rollout when the MR is closed unmerged and resumes when it is reopened', () => {
    const w = new World();
    w.tick();
    w.tick(PRECHECKS_PASS);

    w.setMrState(w.mr(1).number, 'closed');
    const closed = w.tick();
    expect(w.state).toMatchObject({ phase: 'stopped', reason: 'wave MR closed without merging' });
    expect(audited(closed)).toEqual(['rollout.stopped']);
    expect(w.tick().actions).toEqual([]);

    w.setMrState(w.mr(1).number, 'open');
    const reopened = w.tick();
    expect(w.state?.phase).toBe('active');
    expect(reopened.audit).toEqual([
      { actor: 'guard', action: 'rollout.resumed', reason: `wave MR !${w.mr(1).number} reopened` },
    ]);
    expect(reopened.actions).toEqual([{ kind: 'run-prechecks', wave: 1 }, { kind: 'update-dashboard' }]);
    w.tick(PRECHECKS_PASS);
    expect(w.wave(1).phase).toBe('ready');
  });

  it('resumes and follows the merge when a closed MR was reopened and merged between two looks', () => {
    const w = new World();
    w.tick();
    w.tick(PRECHECKS_PASS);
    w.setMrState(w.mr(1).number, 'closed');
    w.tick();

    w.merge(1);
    const merged = w.tick({ applied: w.applied(1) });

    expect(audited(merged)).toEqual(['rollout.resumed', 'wave.merged', 'wave.applied']);
    expect(w.state?.phase).toBe('active');
    expect(w.wave(1).phase).toBe('soaking');
  });

  it('takes a merge seen before the MR was ever recorded', () => {
    const w = new World();
    w.decide();
    w.advance(10 * MIN);
    const mr = w.putMr(w.wave(1).branch, 'merged');

    const merged = w.tick({ applied: w.applied(1, 'pending') });

    expect(w.wave(1)).toMatchObject({
      phase: 'applying',
      mr: { number: mr.number, url: mr.url, branch: mr.branch },
      mergedAt: mr.mergedAt,
      mergeSha: mr.mergeSha,
    });
    expect(audited(merged)).toEqual(['wave.merged']);
  });

  it('takes a merged MR even for a wave that was still waiting for its window', () => {
    const w = new World();
    w.window = { open: false, opensAt: iso(T0 + 60 * MIN) };
    w.tick();
    const mr = w.putMr(w.wave(1).branch, 'merged');

    w.tick();

    expect(w.wave(1)).toMatchObject({ phase: 'applying', mergedAt: mr.mergedAt });
    expect(w.wave(1).waitingForWindow).toBeUndefined();
  });

  it('asks again to open an MR that is still missing (a half-done open), without a new audit line', () => {
    const w = new World();
    w.decide();

    const again = w.tick();

    expect(again.actions).toEqual([
      { kind: 'open-wave-mr', wave: 1 },
      { kind: 'run-prechecks', wave: 1 },
    ]);
    expect(again.audit).toEqual([]);
    const recorded = w.tick();
    expect(w.wave(1).mr?.number).toBe(w.mr(1).number);
    expect(recorded.actions).toEqual([{ kind: 'run-prechecks', wave: 1 }, { kind: 'update-dashboard' }]);
  });

  it('blocks the MR when prechecks fail, and lets it through after a passing recheck', () => {
    const w = new World();
    w.tick();

    const blocked = w.tick({ prechecks: { passed: false, summary: 'stg: 1 node NotReady\n| table |' } });
    expect(w.wave(1).phase).toBe('blocked');
    expect(blocked.actions).toContainEqual({
      kind: 'set-precheck',
      wave: 1,
      state: 'failure',
      title: 'prechecks failed: stg: 1 node NotReady',
    });

    const recheck = w.tick({ commands: [command('recheck', { kind: 'mr', number: w.mr(1).number })] });
    expect(w.wave(1).phase).toBe('open');
    expect(kinds(recheck)).toEqual(['run-prechecks', 'comment', 'update-dashboard']);
    w.tick(PRECHECKS_PASS);
    expect(w.wave(1).phase).toBe('ready');
  });
});

describe('decide › maintenance windows', () => {
  const opensAt = iso(T0 + 4 * 60 * MIN);

  it('waits for the window before opening a wave MR, announcing the wait once', () => {
    const w = new World();
    w.window = { open: false, opensAt };

    const waiting = w.tick();
    expect(audited(waiting)).toEqual(['rollout.started', 'wave.waiting']);
    expect(waiting.audit[1]?.reason).toBe(`wave 1/3 (test): waiting for the window that opens ${opensAt}`);
    expect(waiting.actions).toEqual([{ kind: 'update-dashboard' }]);
    expect(waiting.requeueAfterMs).toBe(4 * 60 * MIN);

    w.advance(60 * MIN);
    const still = w.tick();
    expect(still.actions).toEqual([]);
    expect(still.requeueAfterMs).toBe(3 * 60 * MIN);

    w.advance(3 * 60 * MIN);
    w.window = { open: true };
    const open = w.tick();
    expect(kinds(open)).toEqual(['open-wave-mr', 'run-prechecks', 'update-dashboard']);
    expect(w.wave(1).waitingForWindow).toBeUndefined();
  });

  it('holds an open wave MR outside the window with guard/precheck pending, then rechecks', () => {
    const w = new World();
    w.tick();
    w.tick(PRECHECKS_PASS);

    w.window = { open: false, opensAt };
    const held = w.tick(PRECHECKS_PASS);
    expect(w.wave(1).phase).toBe('blocked');
    expect(held.actions).toEqual([
      {
        kind: 'set-precheck',
        wave: 1,
        state: 'pending',
        title: `waiting for the window that opens ${opensAt}`,
      },
      { kind: 'update-dashboard' },
    ]);
    expect(w.tick().actions).toEqual([]);

    w.window = { open: true };
    const released = w.tick();
    expect(w.wave(1).phase).toBe('open');
    expect(kinds(released)).toEqual(['run-prechecks', 'update-dashboard']);
    w.tick(PRECHECKS_PASS);
    expect(w.wave(1).phase).toBe('ready');
  });

  it('holds an MR found open while the wave was still waiting (a half-done open)', () => {
    const w = new World();
    w.window = { open: false, opensAt };
    w.tick();
    w.putMr(w.wave(1).branch);

    const held = w.tick();

    expect(w.wave(1)).toMatchObject({ phase: 'blocked', waitingForWindow: { opensAt } });
    expect(held.actions).toContainEqual({
      kind: 'set-precheck',
      wave: 1,
      state: 'pending',
      title: `waiting for the window that opens ${opensAt}`,
    });
  });

  it('never holds back a rollback', () => {
    const w = new World({ test: ['test-use1'] });
    w.tick();
    w.bringToSoak(1);
    w.window = { open: false, opensAt };

    w.soak(1, 3, w.verdicts(1, 'fail'));

    expect(w.actionsOf('open-rollback-mr')).toHaveLength(1);
  });
});

describe('decide › commands', () => {
  it('carries out a command once when it is delivered twice', () => {
    const w = new World();
    w.tick();
    w.tick(PRECHECKS_PASS);
    const pause = command('pause', { kind: 'mr', number: w.mr(1).number });

    const first = w.tick({ commands: [pause, pause] });
    const second = w.tick({ commands: [pause] });

    expect(audited(first)).toEqual(['command.pause']);
    expect(kinds(first)).toEqual(['comment', 'update-dashboard']);
    expect(second.actions).toEqual([]);
    expect(second.audit).toEqual([]);
    expect((w.state as DecideState).handledCommands).toEqual([pause.id]);
  });

  type Setup = (w: World) => void;
  const soaking: Setup = (w) => {
    w.tick();
    w.bringToSoak(1);
  };
  const ready: Setup = (w) => {
    w.tick();
    w.tick(PRECHECKS_PASS);
  };
  const secondWaveSoaking: Setup = (w) => {
    passFirstWave(w);
    w.bringToSoak(2);
  };
  const rollingBack: Setup = (w) => {
    soaking(w);
    w.soak(1, 3, w.verdicts(1, 'fail'));
    w.tick();
  };
  const completed: Setup = (w) => {
    w.setRequest({ test: ['test-use1'] });
    passFirstWave(w);
  };
  type Thread = (w: World) => AcceptedCommand['on'];
  const waveMr: Thread = (w) => ({ kind: 'mr', number: w.mr(1).number });

  const ignoredCases: { name: AcceptedCommand['name']; setup: Setup; on: Thread; why: string }[] = [
    { name: 'resume', setup: soaking, on: waveMr, why: 'the rollout is active, not paused' },
    { name: 'recheck', setup: soaking, on: waveMr, why: 'no wave MR is open' },
    { name: 'skip-soak', setup: ready, on: waveMr, why: 'wave 1/3 (test) is ready, not soaking' },
    {
      name: 'rollback',
      setup: ready,
      on: waveMr,
      why: 'wave 1/3 (test) is not merged; close its MR to stop the rollout instead',
    },
    { name: 'rollback', setup: secondWaveSoaking, on: waveMr, why: 'wave 2/3 (staging) was merged later' },
    {
      name: 'rollback',
      setup: soaking,
      on: () => ({ kind: 'mr', number: 999 }),
      why: '!999 is not a wave MR of istio 1.20.0',
    },
    {
      name: 'rollback',
      setup: rollingBack,
      on: (w) => ({ kind: 'mr', number: w.rollbackMr(1)!.number }),
      why: 'never rolls back a rollback',
    },
    { name: 'rollback', setup: rollingBack, on: waveMr, why: 'wave 1/3 (test) is already rolling-back' },
    {
      name: 'rollback',
      setup: ready,
      on: () => ({ kind: 'issue', number: 7 }),
      why: 'no merged wave to roll back',
    },
    { name: 'pause', setup: rollingBack, on: waveMr, why: 'the rollout is failed, not active' },
    { name: 'pause', setup: completed, on: waveMr, why: 'the rollout is completed' },
  ];

  it.each(ignoredCases)('ignores /guard $name when $why', ({ name, setup, on, why }) => {
    const w = new World();
    setup(w);
    const before = structuredClone(w.state) as DecideState;
    const cmd = command(name, on(w), { reason: 'because' });

    const ignored = w.tick({ commands: [cmd] });

    expect(ignored.audit).toEqual([
      { actor: 'alice', action: 'command.ignored', reason: expect.stringContaining(why) },
    ]);
    expect(ignored.actions).toEqual([
      {
        kind: 'comment',
        on: cmd.on,
        body: expect.stringMatching(new RegExp(`was not carried out: .*${escapeRegExp(why)}`)),
      },
    ]);
    expect({ ...(w.state as DecideState), handledCommands: undefined, updatedAt: before.updatedAt }).toEqual({
      ...before,
      handledCommands: undefined,
    });
  });

  it('rolls back every merged wave from the dashboard, newest first, one at a time', () => {
    const w = new World();
    passFirstWave(w);
    w.bringToSoak(2);
    w.soak(2, 30);
    w.bringToSoak(3);

    const all = w.tick({
      commands: [command('rollback', { kind: 'issue', number: 7 }, { by: 'carol', reason: 'bad release' })],
    });
    expect(all.actions).toContainEqual({
      kind: 'comment',
      on: { kind: 'issue', number: 7 },
      body: '`/guard rollback` by @carol: rolling back waves 3, 2, 1, newest first, one at a time.',
    });

    for (const index of [3, 2, 1]) {
      expect(w.wave(index).phase).toBe('rolling-back');
      expect(w.wave(index).rollback?.reason).toBe('rollback requested by carol: bad release');
      w.tick();
      w.mergeMr(w.rollbackMr(index)!.number);
      w.tick({ applied: w.applied(index) });
      expect(w.wave(index).phase).toBe('rolled-back');
    }
    expect(w.actionsOf('open-rollback-mr').map((a) => a.wave)).toEqual([3, 2, 1]);
    expect(w.state?.phase).toBe('rolled-back');
  });

  it('rolls back the last wave of a completed rollout from its MR', () => {
    const w = new World({ test: ['test-use1'] });
    passFirstWave(w);

    const rolled = w.tick({ commands: [command('rollback', { kind: 'mr', number: w.mr(1).number })] });

    expect(w.state?.phase).toBe('failed');
    expect(w.wave(1)).toMatchObject({
      phase: 'rolling-back',
      failure: { reason: 'rollback requested by alice' },
    });
    expect(kinds(rolled)).toEqual([
      'set-soak-check',
      'comment',
      'open-rollback-mr',
      'comment',
      'update-dashboard',
    ]);
  });

  it('closes a later wave MR still open when an earlier wave is rolled back', () => {
    const w = new World();
    passFirstWave(w);
    const later = w.mr(2);

    w.tick({ commands: [command('rollback', { kind: 'mr', number: w.mr(1).number })] });

    expect(w.wave(1).phase).toBe('rolling-back');
    expect(w.mrs[later.branch]?.state).toBe('closed');
    expect(w.actionsOf('close-mr')).toEqual([
      { kind: 'close-mr', number: later.number, comment: expect.stringContaining('goes no further') },
    ]);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\!]/g, '\\$&');
}

describe('decide › level-triggered', () => {
  it('decides again on its own state with the same observation and changes nothing, at every step', () => {
    const w = new World(THREE_WAVES, { rollback: 'manual' });
    w.window = { open: false, opensAt: iso(T0 + 60 * MIN) };
    w.tick();
    w.window = { open: true };
    w.decide();
    w.tick();
    w.bringToSoak(1);
    w.soak(1, 30, { 'test-use1': 'inconclusive' });
    w.soak(1, 30);
    w.bringToSoak(2);
    w.soak(2, 5, w.verdicts(2, 'fail'));
    w.tick({ commands: [command('rollback', { kind: 'issue', number: 7 })] });
    w.tick();
    w.mergeMr(w.rollbackMr(2)!.number);
    w.tick({ applied: w.applied(2) });

    // World.decide ran decide twice on every step (expectSettled); replay the steps to show it here.
    expect(w.steps.length).toBe(w.history.length);
    for (const step of w.steps) expectSettled(step.decision, step.observed, step.now);
    expect(w.history.length).toBeGreaterThan(40);
    expect(w.state?.phase).toBe('failed');
    expect(w.wave(1).phase).toBe('rolling-back');
  });

  it('never changes the state or the observation it is given', () => {
    const w = new World();
    w.tick();
    w.bringToSoak(1);
    const state = Object.freeze(structuredClone(w.state!));
    const snapshot = JSON.stringify(state);
    const observed = w.observe({
      verdicts: w.verdicts(1),
      commands: [command('pause', { kind: 'issue', number: 7 })],
    });
    const seen = JSON.stringify(observed);

    const decision = decide(state, observed, new Date(w.now + MIN), KEY);

    expect(JSON.stringify(state)).toBe(snapshot);
    expect(JSON.stringify(observed)).toBe(seen);
    expect(decision.state).not.toBe(state);
    expect(decision.state.phase).toBe('paused');
  });
});

describe('soakEvaluationDue', () => {
  const soak = {
    startedAt: iso(T0),
    countedAt: iso(T0),
    elapsedMs: 0,
    failures: {},
    passes: {},
    evaluations: 1,
    inconclusive: 0,
  };

  it.each([
    { last: undefined, after: 0, due: true },
    { last: iso(T0), after: 30_000, due: false },
    { last: iso(T0), after: 54_000, due: true },
    { last: iso(T0), after: 60_000, due: true },
  ])('is $due $after ms after an evaluation at $last (interval 1m)', ({ last, after, due }) => {
    const state = last ? { ...soak, lastEvaluatedAt: last } : soak;

    expect(soakEvaluationDue(state, MIN, new Date(T0 + after))).toBe(due);
  });
});

describe('decide without a state', () => {
  it('returns nothing when there is no request either', () => {
    const decision = decide(undefined, { mrs: {}, window: { open: true }, commands: [] }, new Date(T0), KEY);

    expect(decision).toBeUndefined();
  });

  it('keeps the bookkeeping fields it adds out of a fresh state', () => {
    const w = new World();

    w.tick();

    const state = w.state as DecideState;
    expect(state.handledCommands).toBeUndefined();
    expect(state.staleMrs).toBeUndefined();
  });
});
