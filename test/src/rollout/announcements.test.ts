import { describe, expect, it } from 'vitest';
import type { Announcement } from '../../../src/ports/announcer.ts';
import { announcements } from '../../../src/rollout/announcements.ts';
import type { RolloutState } from '../../../src/rollout/model.ts';
import { command, KEY, MIN, THREE_WAVES, World } from './decide-world.ts';

const PRECHECKS_PASS = { prechecks: { passed: true, summary: 'all prechecks passed' } };

/** Records what every decision of `w` announces, comparing the state before and after it. */
function listen(w: World): Announcement[] {
  const said: Announcement[] = [];
  const decide = w.decide.bind(w);
  w.decide = (extra) => {
    const before = w.state && structuredClone(w.state);
    const decision = decide(extra);
    said.push(...announcements(before, decision.state, new Date(w.now).toISOString()));
    return decision;
  };
  return said;
}

/** `wave.opened 1`, `rollout.ended completed`: what was said, in order. */
const lines = (said: readonly Announcement[]) =>
  said.map((a) => `${a.event} ${a.wave ? a.wave.index : a.outcome}`);

function passWave(w: World, index: number): void {
  w.bringToSoak(index);
  w.soak(index, 30);
}

describe('announcements', () => {
  it.each([
    {
      story: 'a 3-wave rollout that completes',
      run: (w: World) => {
        w.tick();
        for (const index of [1, 2, 3]) passWave(w, index);
      },
      said: [
        ...[1, 2, 3].flatMap((i) => [
          `wave.opened ${i}`,
          `wave.merged ${i}`,
          `wave.applied ${i}`,
          `wave.passed ${i}`,
        ]),
        'rollout.ended completed',
      ],
    },
    {
      story: 'a soak failure in wave 2, rolled back automatically',
      run: (w: World) => {
        w.tick();
        passWave(w, 1);
        w.bringToSoak(2);
        w.soak(2, 5, { 'stg-euw1': 'fail', 'stg-use1': 'pass' });
        w.advance(MIN);
        w.tick();
        w.mergeMr(w.rollbackMr(2)!.number);
        w.tick({ applied: w.applied(2) });
      },
      said: [
        'wave.opened 1',
        'wave.merged 1',
        'wave.applied 1',
        'wave.passed 1',
        'wave.opened 2',
        'wave.merged 2',
        'wave.applied 2',
        'wave.failed 2',
        'rollback.opened 2',
        'rollout.ended rolled-back',
      ],
    },
    {
      story: 'rollback: manual, then /guard rollback',
      request: { rollback: 'manual' as const },
      run: (w: World) => {
        w.tick();
        w.bringToSoak(1);
        w.soak(1, 5, w.verdicts(1, 'fail'));
        w.advance(10 * MIN);
        w.tick({ verdicts: w.verdicts(1, 'fail') });
        w.tick({ commands: [command('rollback', { kind: 'mr', number: w.mr(1).number })] });
        w.tick();
      },
      said: ['wave.opened 1', 'wave.merged 1', 'wave.applied 1', 'wave.failed 1', 'rollback.opened 1'],
    },
    {
      story: 'a wave not applied within rolloutTimeout',
      request: { rolloutTimeout: '20m' },
      run: (w: World) => {
        w.tick();
        w.tick(PRECHECKS_PASS);
        w.merge(1);
        w.tick({ applied: w.applied(1, 'pending') });
        w.advance(21 * MIN);
        w.tick({ applied: w.applied(1, 'pending') });
      },
      said: ['wave.opened 1', 'wave.merged 1', 'wave.failed 1'],
    },
    {
      story: 'skip-soak by a maintainer',
      run: (w: World) => {
        w.tick();
        w.bringToSoak(1);
        w.soak(1, 5);
        w.tick({ commands: [command('skip-soak', { kind: 'mr', number: w.mr(1).number }, { by: 'bob' })] });
      },
      said: ['wave.opened 1', 'wave.merged 1', 'wave.applied 1', 'wave.passed 1'],
    },
    {
      story: 'the request removed mid-rollout',
      run: (w: World) => {
        w.tick();
        passWave(w, 1);
        w.tick(PRECHECKS_PASS);
        w.removeRequest();
        w.tick();
        w.tick();
      },
      said: [
        'wave.opened 1',
        'wave.merged 1',
        'wave.applied 1',
        'wave.passed 1',
        'wave.opened 2',
        'rollout.ended stopped',
      ],
    },
    {
      story: 'the wave MR closed unmerged and reopened (stopped, not ended)',
      run: (w: World) => {
        w.tick();
        w.tick(PRECHECKS_PASS);
        w.setMrState(w.mr(1).number, 'closed');
        w.tick();
        w.setMrState(w.mr(1).number, 'open');
        w.tick(PRECHECKS_PASS);
      },
      said: ['wave.opened 1'],
    },
  ])('$story', ({ run, request, said }) => {
    const w = new World(THREE_WAVES, request ?? {});
    const heard = listen(w);

    run(w);

    expect(lines(heard)).toEqual(said);
  });

  it('ends a live attempt as superseded when the request changes, then announces the new attempt', () => {
    const w = new World();
    const heard = listen(w);
    w.tick();
    passWave(w, 1);
    w.bringToSoak(2);

    w.setRequest(THREE_WAVES, { version: '1.20.1' });
    w.tick();
    w.tick(PRECHECKS_PASS);

    const [ended, opened] = heard.slice(-2);
    expect(ended).toMatchObject({
      event: 'rollout.ended',
      outcome: 'superseded',
      reason: 'guard/upgrade.yaml now asks for istio 1.20.1',
      rollout: { version: '1.20.0', phase: 'superseded' },
      mr: { number: w.mrs['guard/istio/1.20.0/staging']!.number },
    });
    expect(opened).toMatchObject({
      event: 'wave.opened',
      rollout: { version: '1.20.1' },
      wave: { index: 1 },
    });
  });

  it('carries what a message needs: the MR, the clusters, the reason and the rollout', () => {
    const w = new World();
    const heard = listen(w);
    w.tick();
    w.bringToSoak(1);
    w.state = { ...w.state!, dashboard: { number: 7, url: 'https://github.com/acme/fleet/issues/7' } };

    w.soak(1, 5, w.verdicts(1, 'fail'));
    w.tick();

    const failed = heard.find((a) => a.event === 'wave.failed');
    expect(failed).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{32}$/),
      event: 'wave.failed',
      at: w.wave(1).failure!.at,
      rollout: {
        key: KEY.key,
        forge: 'github',
        project: 'acme/fleet',
        service: 'istio',
        version: '1.20.0',
        phase: 'failed',
      },
      wave: { index: 1, of: 3, batch: 'test', clusters: ['test-use1'] },
      mr: { number: w.mr(1).number, url: w.mr(1).url },
      dashboard: { number: 7, url: 'https://github.com/acme/fleet/issues/7' },
      reason: 'soak failed on cluster test-use1: 3 consecutive failing evaluations',
    });
    const rollback = heard.find((a) => a.event === 'rollback.opened');
    expect(rollback?.mr).toEqual({ number: w.rollbackMr(1)!.number, url: w.rollbackMr(1)!.url });
  });

  it('says why a wave passed: soaked, skipped by whom, or already upgraded by hand', () => {
    const w = new World();
    const heard = listen(w);
    w.tick();
    passWave(w, 1);
    w.tick(PRECHECKS_PASS);
    w.merge(2);
    w.tick({ applied: w.applied(2) });
    // Meanwhile someone upgraded prod by hand: the planner finds nothing left to change there.
    w.plan = w.plan!.filter((p) => p.batch !== 'prod');
    w.tick({
      commands: [
        command('skip-soak', { kind: 'mr', number: w.mr(2).number }, { by: 'bob', reason: 'noisy' }),
      ],
    });

    expect(heard.filter((a) => a.event === 'wave.passed').map((a) => a.reason)).toEqual([
      'soaked 30m without failing',
      'soak skipped by bob: noisy',
      'every cluster already runs 1.20.0; no MR needed',
    ]);
    expect(lines(heard).slice(-2)).toEqual(['wave.passed 3', 'rollout.ended completed']);
    expect((w.state as RolloutState).phase).toBe('completed');
  });

  it('announces nothing when nothing changed, and the same transition with the same id', () => {
    const w = new World();
    w.tick();
    const before = structuredClone(w.state!);
    w.tick(PRECHECKS_PASS);
    const after = w.state!;

    const once = announcements(before, after, 'x');
    const again = announcements(before, after, 'y');

    expect(announcements(after, after, 'x')).toEqual([]);
    expect(once.map((a) => a.event)).toEqual(['wave.opened']);
    expect(again.map((a) => a.id)).toEqual(once.map((a) => a.id));
  });

  it('gives every announcement of a run its own id, and a new attempt of the same request new ones', () => {
    const w = new World();
    const heard = listen(w);
    w.tick();
    passWave(w, 1);
    w.removeRequest();
    w.tick();
    w.advance(MIN);
    w.setRequest(THREE_WAVES);
    w.tick();
    passWave(w, 1);

    const ids = heard.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(lines(heard).filter((l) => l === 'wave.passed 1')).toHaveLength(2);
  });
});
