import { describe, expect, it } from 'vitest';
import { startTick } from '../../../handlers/server/tick.ts';
import type { Logger } from '../../../src/engine/logger.ts';

function setup() {
  const warnings: string[] = [];
  const log: Logger = {
    debug: () => {},
    info: () => {},
    warn: (_f, m) => warnings.push(m),
    error: () => {},
    child: () => log,
  };
  let fire!: () => Promise<void>;
  let stopped = false;
  let finishTick!: () => void;
  let ticks = 0;
  const tick = startTick({
    expression: '* * * * *',
    log,
    tick: () => {
      ticks += 1;
      return new Promise<void>((resolve) => {
        finishTick = resolve;
      });
    },
    schedule: (_expression, run) => {
      fire = run;
      return {
        stop: () => {
          stopped = true;
        },
      };
    },
  });
  return {
    tick,
    warnings,
    fire: () => fire(),
    finish: () => finishTick(),
    ticks: () => ticks,
    stopped: () => stopped,
  };
}

describe('the cron tick', () => {
  it('skips a tick that comes due while the previous one runs, and logs it', async () => {
    const t = setup();

    const first = t.fire();
    await t.fire();
    t.finish();
    await first;

    expect(t.ticks()).toBe(1);
    expect(t.warnings).toEqual(['tick skipped: the previous tick is still running']);
  });

  it('runs again once the previous tick finished', async () => {
    const t = setup();

    const first = t.fire();
    t.finish();
    await first;
    const second = t.fire();
    t.finish();
    await second;

    expect(t.ticks()).toBe(2);
  });

  it('stops scheduling and waits for the tick in flight', async () => {
    const t = setup();
    const first = t.fire();

    let stopped = false;
    const stopping = t.tick.stop().then(() => {
      stopped = true;
    });
    await Promise.resolve();
    const stoppedEarly = stopped;
    t.finish();
    await Promise.all([first, stopping]);
    await t.fire();

    expect(stoppedEarly).toBe(false);
    expect(t.stopped()).toBe(true);
    expect(t.ticks()).toBe(1);
  });
});
