import { describe, expect, it } from 'vitest';
import type { ForgeEvent } from '../../src/engine/events.ts';
import { createGitLabWorld, type GitLabWorld } from './gitlab-world.ts';
import { requestYaml, waveBranch } from './world.ts';

const HOST = 'https://gitlab.com';
const BROKEN = requestYaml().replace('batch: dev', 'batch: dve').replace('interval: 1m', 'interval: soon');

const shaOf = (event: ForgeEvent) => (event as Extract<ForgeEvent, { kind: 'push' }>).after;
const statusOf = (w: GitLabWorld, sha: string, name: string) =>
  w.world.statuses.filter((s) => s.sha === sha && s.name === name).at(-1);
const commitNotes = (w: GitLabWorld, sha: string) =>
  (w.world.commitDiscussions.get(sha) ?? []).flatMap((d) => d.notes);

describe('scenario on gitlab.com, through the GitLab adapter and the fake GitLab', () => {
  it('fails a broken request with file:line on its commit and on a proposing MR, then rolls out the fixed one wave by wave', async () => {
    const w = await createGitLabWorld(HOST);

    const broken = w.push({ 'guard/upgrade.yaml': BROKEN });
    await w.deliver(broken);
    await w.deliver(broken);
    await w.tick();

    const request = statusOf(w, shaOf(broken), 'guard/request');
    const notes = commitNotes(w, shaOf(broken));
    expect(request?.status).toBe('failed');
    expect(request?.description).toMatch(
      /^guard\/upgrade\.yaml:8:12: waves\[1\]\.batch: .*'dve'.* \(and 1 more error\)$/,
    );
    expect(notes).toHaveLength(1);
    expect(notes[0]?.author).toBe(w.world.botUser);
    expect(notes[0]?.body).toMatch(/guard\/upgrade\.yaml:8:12: waves\[1\]\.batch: /);
    expect(notes[0]?.body).toMatch(/guard\/upgrade\.yaml:\d+:\d+: soak\.interval: /);
    expect(request?.target_url).toBe(`${HOST}/acme/fleet/-/commit/${shaOf(broken)}#note_${notes[0]?.id}`);
    expect(w.world.mergeRequests).toEqual([]);

    const proposal = w.propose('alice/promtail', {
      'guard/upgrade.yaml': BROKEN.replace('6.16.0', '6.16.1'),
    });
    await w.deliver(proposal);

    const proposed = w.mrOf('alice/promtail')!;
    const planNotes = w.world.notes.get(`mr:${proposed.iid}`) ?? [];
    const plan = statusOf(w, w.world.repo.branches.get('alice/promtail')!, 'guard/plan');
    expect(planNotes).toHaveLength(1);
    expect(planNotes[0]?.body).toMatch(/guard\/upgrade\.yaml:8:12: waves\[1\]\.batch: /);
    expect(plan?.description).toMatch(/^guard\/upgrade\.yaml:8:12: .* \(and 1 more error\)$/);
    expect(plan?.target_url).toBe(
      `${HOST}/acme/fleet/-/merge_requests/${proposed.iid}#note_${planNotes[0]?.id}`,
    );
    expect(commitNotes(w, w.world.repo.branches.get('alice/promtail')!)).toEqual([]);

    const fixed = w.push({ 'guard/upgrade.yaml': requestYaml() });
    await w.deliver(fixed);

    expect(statusOf(w, shaOf(fixed), 'guard/request')).toMatchObject({ status: 'success', target_url: null });
    expect(commitNotes(w, shaOf(fixed))).toEqual([]);
    const test = w.mrOf(waveBranch('test'));
    expect(test).toMatchObject({ state: 'opened', title: 'guard: promtail 6.16.0 → test (wave 1/3)' });
    expect(test?.labels).toEqual(expect.arrayContaining(['guard', 'guard/wave']));
    const head = w.world.repo.branches.get(waveBranch('test'))!;
    expect(statusOf(w, head, 'guard/precheck')?.status).toBe('success');
    expect(
      (w.world.notes.get(`mr:${test?.iid}`) ?? []).filter((n) => n.body.includes('<!-- guard:precheck -->')),
    ).toHaveLength(1);

    await w.deliver(w.merge(waveBranch('test')));
    await w.soakFor(21 * 60_000);

    const merged = w.mrOf(waveBranch('test'))!;
    expect(merged.state).toBe('merged');
    expect(statusOf(w, merged.merge_commit_sha!, 'guard/soak')?.status).toBe('success');
    expect(w.mrOf(waveBranch('dev'))).toMatchObject({
      state: 'opened',
      title: 'guard: promtail 6.16.0 → dev (wave 2/3)',
    });
    expect(w.deployed.get('test-1')).toBe('6.16.0');
    expect(w.unhandled()).toEqual([]);
    expect(w.logs.filter((l) => l.level === 'error')).toEqual([]);
  });
});
