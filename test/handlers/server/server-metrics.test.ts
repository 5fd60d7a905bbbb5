import { describe, expect, it } from 'vitest';
import { createServerMetrics } from '../../../handlers/server/server-metrics.ts';

/** Metric names in a Prometheus text exposition (from its `# TYPE` lines). */
async function names(): Promise<string[]> {
  const text = await createServerMetrics().registry.metrics();
  return [...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]!);
}

describe('server metrics', () => {
  it('names the Node.js process metrics guard_process_* and guard_nodejs_*, with the prefix once', async () => {
    const all = await names();

    expect(all).toContain('guard_process_cpu_seconds_total');
    expect(all).toContain('guard_process_resident_memory_bytes');
    expect(all).toContain('guard_nodejs_eventloop_lag_seconds');
    expect(all.filter((name) => /process_process_|guard_.*guard_/.test(name))).toEqual([]);
  });

  it('keeps every metric under guard_', async () => {
    expect((await names()).filter((name) => !name.startsWith('guard_'))).toEqual([]);
  });
});
