import { schedule as cronSchedule } from 'node-cron';
import type { Logger } from '../../src/engine/logger.ts';

/** The part of a node-cron task the tick uses. */
export interface CronTask {
  stop(): void | Promise<void>;
}

export interface TickDeps {
  /** GUARD_TICK, already validated. */
  expression: string;
  /** `engine.tick`. */
  tick(): Promise<void>;
  log: Logger;
  /** node-cron's `schedule` (tests pass one that hands them the callback). */
  schedule?: (expression: string, run: () => Promise<void>) => CronTask;
}

export interface Tick {
  /** Runs one tick now unless one is running (then it is skipped and logged); resolves when done. */
  run(): Promise<void>;
  /** Stops scheduling and waits for a tick in flight. */
  stop(): Promise<void>;
}

/**
 * The cron tick: every GUARD_TICK, `engine.tick()` re-reads stored jobs and every live rollout.
 * Ticks never overlap: one that comes due while the previous still runs is skipped, not queued.
 */
export function startTick(deps: TickDeps): Tick {
  const schedule =
    deps.schedule ?? ((expression, run) => cronSchedule(expression, run, { name: 'guard-tick' }));
  let running: Promise<void> | undefined;
  let stopped = false;

  const run = async (): Promise<void> => {
    if (stopped) return;
    if (running) {
      deps.log.warn({}, 'tick skipped: the previous tick is still running');
      return;
    }
    const started = Date.now();
    running = deps
      .tick()
      .then(() => deps.log.debug({ ms: Date.now() - started }, 'tick done'))
      .catch((error: unknown) => deps.log.error({ err: (error as Error).message }, 'tick failed'))
      .finally(() => {
        running = undefined;
      });
    await running;
  };

  const task = schedule(deps.expression, run);
  return {
    run,
    async stop() {
      stopped = true;
      await task.stop();
      await running;
    },
  };
}
