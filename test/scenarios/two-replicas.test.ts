import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoStateStore, createTable } from '../../providers/state/dynamodb/index.ts';
import type { Engine } from '../../src/engine/engine.ts';
import { type LocalDynamo, startDynalite } from '../providers/state/start-dynalite.ts';
import { createWorld, requestYaml, rollbackBranch, waveBranch } from './world.ts';

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(() => dynamo.close());

/** Both replicas get the same tick and the same webhook, at the same moment. */
async function bothTick(engines: Engine[]): Promise<void> {
  await Promise.all(engines.map((e) => e.tick()));
  await Promise.all(engines.map((e) => e.idle()));
}

describe('two replicas sharing one DynamoDB table', () => {
  it('take a failing wave to exactly one rollback MR', async () => {
    const client = dynamo.client();
    await createTable(client, 'guard-two-replicas');
    let clockMs = 0;
    const store = createDynamoStateStore({ table: 'guard-two-replicas', client, clock: () => clockMs });
    const w = createWorld({ withRequest: false, store, verdict: (c) => (c === 'test-2' ? 'fail' : 'pass') });
    const sync = () => {
      clockMs = w.now().getTime();
    };
    const engines = [w.makeEngine('replica-a'), w.makeEngine('replica-b')];
    const push = w.push({ 'guard/upgrade.yaml': requestYaml() });
    sync();

    await Promise.all(engines.map((e) => e.sink.deliver({ id: 'push-1', event: push })));
    await Promise.all(engines.map((e) => e.idle()));
    const mr = w.mrOf(waveBranch('test'))!;
    w.forge.merge(mr.number, w.now());
    const merged = w.mrEvent(mr.number, 'merged');
    await Promise.all(engines.map((e, i) => e.sink.deliver({ id: `merge-${i}`, event: merged })));
    await Promise.all(engines.map((e) => e.idle()));
    for (let minute = 0; minute < 8; minute++) {
      w.advance(60_000);
      sync();
      await bothTick(engines);
    }

    const rollbacks = w.forge.mergeRequests().filter((m) => m.branch.startsWith('guard/rollback/'));
    expect(rollbacks).toHaveLength(1);
    expect(rollbacks[0]?.branch).toBe(rollbackBranch('test'));
    expect(
      w.forge.writes().filter((x) => x.verb === 'commit' && x.detail === rollbackBranch('test')),
    ).toHaveLength(1);
    expect(w.forge.mergeRequests().filter((m) => m.branch === waveBranch('test'))).toHaveLength(1);
    const trail = await w.trail();
    expect(trail.filter((r) => r.action === 'wave.failed')).toHaveLength(1);
    expect(trail.filter((r) => r.action === 'rollback.opened')).toHaveLength(1);
    expect((await w.state())?.waves[0]?.phase).toBe('rolling-back');
  });
});
