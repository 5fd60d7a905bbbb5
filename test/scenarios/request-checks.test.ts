import { describe, expect, it } from 'vitest';
import type { ForgeEvent } from '../../src/engine/events.ts';
import { requestUpgrade } from './steps.ts';
import { createWorld, requestYaml, type World, waveBranch } from './world.ts';

/** A person opens an MR from `branch` changing guard/upgrade.yaml to `request`; returns the event. */
async function proposeRequest(w: World, branch: string, request: string, author: string, fromFork: boolean) {
  const { sha } = await w.forge.forge.ensureBranchCommit({
    branch,
    base: w.forge.branchHead('main')!,
    message: 'propose a request',
    changes: [{ path: 'guard/upgrade.yaml', content: request }],
  });
  const mr = await w.forge.forge.ensureMergeRequest({
    branch,
    target: 'main',
    title: 'x',
    body: '',
    labels: [],
  });
  const event: ForgeEvent = {
    kind: 'merge-request',
    forge: 'github',
    project: 'acme/fleet',
    installationId: 1,
    action: 'opened',
    number: mr.number,
    branch,
    target: 'main',
    headSha: sha,
    author,
    fromFork,
  };
  return { sha, mr, event };
}

describe('scenario: guard/request and the plan preview', () => {
  it('fails guard/request on a push with a broken request, names file and line, and opens nothing', async () => {
    const w = createWorld({ withRequest: false });
    const push = w.push({ 'guard/upgrade.yaml': requestYaml().replace('batch: dev', 'batch: dve') });

    await w.deliver(push);

    const check = w.forge.check((push as Extract<ForgeEvent, { kind: 'push' }>).after, 'guard/request');
    expect(check?.state).toBe('failure');
    expect(check?.title).toBe(
      "guard/upgrade.yaml:8:12: waves[1].batch: batch 'dve' is not in fleet batches: test, dev, prod",
    );
    expect(check?.annotations?.[0]).toMatchObject({ path: 'guard/upgrade.yaml', line: 8, level: 'failure' });
    expect(check?.annotations?.[0]?.message).toContain("'dve'");
    expect(w.forge.mergeRequests()).toEqual([]);
    expect(await w.state()).toBeUndefined();
  });

  it('holds a running rollout as it is when a later push breaks its request', async () => {
    const w = createWorld();
    await requestUpgrade(w);
    const before = await w.state();

    await w.deliver(
      w.push({ 'guard/upgrade.yaml': requestYaml().replace('interval: 1m', 'interval: soon') }),
    );
    await w.soakFor(3 * 60_000);

    expect(await w.state()).toEqual(before);
    expect(w.mrOf(waveBranch('test'))?.state).toBe('open');
    expect(w.logs.some((l) => l.message === 'request has errors; rollout held as it is')).toBe(true);
  });

  it('previews the plan on an MR that edits guard/upgrade.yaml, as one sticky comment and guard/plan', async () => {
    const w = createWorld({ withRequest: false });
    const { sha, mr, event } = await proposeRequest(
      w,
      'alice/promtail-upgrade',
      requestYaml(),
      'alice',
      true,
    );

    await w.deliver(event);
    await w.deliver({ ...event, action: 'updated' });

    const comments = w.forge.comments({ kind: 'mr', number: mr.number });
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain('<!-- guard:plan -->');
    expect(comments[0]?.body).toMatch(/promtail/);
    expect(comments[0]?.body).toMatch(/6\.15\.0 → 6\.16\.0/);
    expect(w.forge.check(sha, 'guard/plan')).toMatchObject({ state: 'success' });
    expect(w.world.precheckCalls).toBe(0);
    expect(w.forge.mergeRequests()).toHaveLength(1);
  });

  it('answers a fork MR carrying a YAML bomb with a bounded failure, using no clusters or metrics', async () => {
    const w = createWorld({ withRequest: false });
    const bomb = ['lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i < 10; i += 1)
      bomb.push(
        `lol${i}: &l${i} [${Array(10)
          .fill(`*l${i - 1}`)
          .join(', ')}]`,
      );
    const { sha, event } = await proposeRequest(
      w,
      'fork/bomb',
      `${requestYaml()}${bomb.join('\n')}\n`,
      'mallory',
      true,
    );

    await w.deliver(event);

    const check = w.forge.check(sha, 'guard/plan');
    expect(check?.state).toBe('failure');
    expect(check?.summary).toContain('too many YAML alias expansions');
    expect(w.world.portsAsked).toBe(0);
    expect(w.world.precheckCalls + w.world.soakCalls).toBe(0);
    expect(w.forge.mergeRequests()).toHaveLength(1);
  });

  it("keeps a fork's text inert in the preview: no mention, image or marker escapes the code block", async () => {
    const w = createWorld({ withRequest: false });
    const evil = 'x` @acme/everyone ![p](https://evil.test/p.png) <!-- guard:precheck --> ```y';
    const { mr, event } = await proposeRequest(
      w,
      'fork/evil',
      `${requestYaml()}"${evil}": 1\n`,
      'mallory',
      true,
    );

    await w.deliver(event);

    const body = w.forge.comments({ kind: 'mr', number: mr.number })[0]!.body;
    expect(body).not.toContain('<!-- guard:precheck -->');
    const fences = [...body.matchAll(/^(`{3,})$/gm)].map((m) => m[1]!.length);
    expect(Math.min(...fences)).toBeGreaterThan(3);
    const outside = body
      .split(/^`{4,}$/m)
      .filter((_, i) => i % 2 === 0)
      .join('');
    expect(outside).not.toContain('@acme/everyone');
    expect(outside).not.toContain('![p]');
  });
});
