import { describe, expect, it } from 'vitest';
import { DESCRIPTION_LIMIT, statusDescription } from '../../../../providers/forge/gitlab/statuses.ts';
import type { CheckSpec } from '../../../../src/ports/forge.ts';
import { makeGitLabHarness } from './harness.ts';

async function seeded(options: { host?: string } = {}) {
  const h = makeGitLabHarness(options);
  h.seed({ defaultBranch: 'main', files: { 'README.md': '# fleet\n' } });
  const sha = (await h.forge.defaultBranch()).sha;
  const check = (over: Partial<CheckSpec> = {}): CheckSpec => ({
    sha,
    name: 'guard/precheck',
    state: 'pending',
    title: 'Prechecks running',
    summary: 'not sent to GitLab',
    ...over,
  });
  return { h, sha, check };
}

const pipeline = (id: number, sha: string, ref: string, status: string, source: string) => ({
  id,
  iid: id,
  sha,
  ref,
  status,
  source,
  created_at: '2025-03-01T09:00:00Z',
  updated_at: '2025-03-01T09:00:00Z',
});

const PROBLEMS: CheckSpec['annotations'] = [
  {
    path: 'guard/upgrade.yaml',
    line: 4,
    column: 10,
    message: "version: '1.x' is not a version",
    level: 'failure',
  },
  {
    path: 'guard/upgrade.yaml',
    line: 9,
    column: 5,
    message: "waves[0].batch: no batch 'dve'",
    level: 'failure',
  },
];
const SUMMARY = [
  '**Problems**',
  '',
  '```',
  "error   guard/upgrade.yaml:4:10: version: '1.x' is not a version",
  "error   guard/upgrade.yaml:9:5: waves[0].batch: no batch 'dve'",
  '```',
].join('\n');

describe('GitLab commit statuses', () => {
  it('attaches the status to the newest pipeline of the sha', async () => {
    const { h, sha, check } = await seeded();
    h.fake.world.pipelines.push(
      pipeline(76, sha, 'main', 'success', 'push'),
      pipeline(77, sha, 'refs/merge-requests/1/head', 'running', 'merge_request_event'),
    );

    await h.forge.setCheck(check());

    expect(h.fake.world.statuses.map((s) => s.pipeline_id)).toEqual([77]);
  });

  it('lets GitLab make an external pipeline when the sha has none', async () => {
    const { h, check } = await seeded();

    await h.forge.setCheck(check());

    expect(h.fake.world.pipelines.map((p) => p.source)).toEqual(['external']);
    expect(h.fake.world.statuses.map((s) => s.pipeline_id)).toEqual([h.fake.world.pipelines[0]?.id]);
  });

  it('cuts the description to 255 characters', async () => {
    const { h, check } = await seeded();

    await h.forge.setCheck(check({ title: 'x'.repeat(400) }));

    const [status] = h.fake.world.statuses;
    expect(status?.description).toHaveLength(DESCRIPTION_LIMIT);
    expect(status?.description?.endsWith('…')).toBe(true);
  });

  it('reports neutral as success and says so in the description', async () => {
    const { h, check } = await seeded();

    await h.forge.setCheck(check({ state: 'neutral', title: 'no clusters in this wave' }));

    expect(h.fake.world.statuses[0]).toMatchObject({
      status: 'success',
      description: 'Neutral: no clusters in this wave',
    });
  });

  it('sends the target URL', async () => {
    const { h, check } = await seeded();

    await h.forge.setCheck(check({ detailsUrl: 'https://guard.example/r/1' }));

    expect(h.fake.world.statuses[0]?.target_url).toBe('https://guard.example/r/1');
  });

  it('leaves out a target URL longer than GitLab keeps rather than failing the status', async () => {
    const { h, check } = await seeded();

    await h.forge.setCheck(check({ detailsUrl: `https://guard.example/${'r'.repeat(300)}` }));

    expect(h.fake.world.statuses[0]).toMatchObject({ status: 'pending', target_url: null });
  });

  it('retries a 409 from a concurrent update of the same status', async () => {
    const { h, check } = await seeded();
    h.fake.inject({
      status: 409,
      body: { message: 'Commit status is being updated by another request' },
      times: 1,
      when: (method, path) => method === 'POST' && path.includes('/statuses/'),
    });

    await h.forge.setCheck(check({ state: 'failure' }));

    expect(h.fake.world.statuses.map((s) => s.status)).toEqual(['failed']);
    expect(h.sleeps).toHaveLength(1);
  });

  it('treats GitLab refusing to move a pending status to pending as done', async () => {
    const { h, check } = await seeded();
    await h.forge.setCheck(check());

    await h.forge.setCheck(check({ title: 'still running' }));

    expect(h.fake.world.statuses).toHaveLength(1);
    expect(h.fake.world.statuses[0]?.status).toBe('pending');
  });

  it('finishes a pending status in place, and starts a new one after a finished one', async () => {
    const { h, check } = await seeded();
    await h.forge.setCheck(check());

    await h.forge.setCheck(check({ state: 'success', title: 'passed' }));
    await h.forge.setCheck(check({ state: 'failure', title: 'failed on recheck' }));

    expect(h.fake.world.statuses.map((s) => [s.status, s.description])).toEqual([
      ['success', 'passed'],
      ['failed', 'failed on recheck'],
    ]);
  });

  it('keeps a description on one line', () => {
    expect(statusDescription({ state: 'failure', title: 'eu-1 failed\n  us-1 failed' })).toBe(
      'eu-1 failed us-1 failed',
    );
  });
});

describe('GitLab check details', () => {
  it('lists the problems of a check in one note on its commit and links the status to it', async () => {
    const { h, sha, check } = await seeded();

    await h.forge.setCheck(
      check({
        name: 'guard/request',
        state: 'failure',
        title: 'first',
        summary: SUMMARY,
        annotations: PROBLEMS,
      }),
    );

    const [thread] = h.fake.world.commitDiscussions.get(sha) ?? [];
    expect(thread?.notes).toHaveLength(1);
    const note = thread!.notes[0]!;
    expect(note.body).toContain('<!-- guard:check guard/request -->');
    expect(note.body).toContain("guard/upgrade.yaml:4:10: version: '1.x' is not a version");
    expect(note.body).toContain("guard/upgrade.yaml:9:5: waves[0].batch: no batch 'dve'");
    expect(h.fake.world.statuses[0]?.target_url).toBe(
      `https://gitlab.example.com/acme/fleet/-/commit/${sha}#note_${note.id}`,
    );
  });

  it('adds no second note when the check is set again, and edits its note when the problems change', async () => {
    const { h, sha, check } = await seeded();
    const failing = check({
      name: 'guard/request',
      state: 'failure',
      summary: SUMMARY,
      annotations: PROBLEMS,
    });
    await h.forge.setCheck(failing);
    await h.freshForge().setCheck(failing);

    await h.freshForge().setCheck({ ...failing, summary: `${SUMMARY}\nand one more` });

    const notes = (h.fake.world.commitDiscussions.get(sha) ?? []).flatMap((d) => d.notes);
    expect(notes).toHaveLength(1);
    expect(notes[0]?.body).toContain('and one more');
    expect(new Set(h.fake.world.statuses.map((s) => s.target_url)).size).toBe(1);
  });

  it("writes its own note beside someone else's copy of the marker", async () => {
    const { h, sha, check } = await seeded();
    h.fake.world.commitDiscussions.set(sha, [
      {
        id: 'f'.repeat(40),
        notes: [
          {
            id: 7,
            body: '<!-- guard:check guard/request --> fake',
            author: 'mallory',
            system: false,
            created_at: '',
            awards: [],
          },
        ],
      },
    ]);

    await h.forge.setCheck(
      check({ name: 'guard/request', state: 'failure', summary: SUMMARY, annotations: PROBLEMS }),
    );

    const notes = (h.fake.world.commitDiscussions.get(sha) ?? []).flatMap((d) => d.notes);
    expect(notes.map((n) => n.author)).toEqual(['mallory', h.fake.world.botUser]);
    expect(notes[0]?.body).toBe('<!-- guard:check guard/request --> fake');
  });

  it('writes no note for warnings on a passing check', async () => {
    const { h, sha, check } = await seeded();
    const warning = {
      path: 'guard/upgrade.yaml',
      line: 3,
      message: 'prod-9 is in no wave',
      level: 'warning' as const,
    };

    await h.forge.setCheck(check({ name: 'guard/request', state: 'success', annotations: [warning] }));

    expect(h.fake.world.commitDiscussions.get(sha) ?? []).toEqual([]);
  });

  it('writes no note for a check without problems', async () => {
    const { h, sha, check } = await seeded();

    await h.forge.setCheck(check({ name: 'guard/request', state: 'success', title: 'valid: istio' }));

    expect(h.fake.world.commitDiscussions.get(sha) ?? []).toEqual([]);
    expect(h.fake.world.statuses[0]?.target_url).toBeNull();
  });

  it('links to the MR comment the engine names instead of writing a note on the commit', async () => {
    const { h, check } = await seeded();
    const head = h.pushOutside('alice/request', { 'guard/upgrade.yaml': 'version: 1.x\n' });
    const mr = await h.forge.ensureMergeRequest({
      branch: 'alice/request',
      target: 'main',
      title: 't',
      body: '',
      labels: [],
    });
    const on = { kind: 'mr', number: mr.number } as const;
    const comment = await h.forge.ensureComment({ on, marker: '<!-- guard:plan -->', body: SUMMARY });

    await h.forge.setCheck(
      check({
        sha: head,
        name: 'guard/plan',
        state: 'failure',
        annotations: PROBLEMS,
        detailsComment: { on, id: comment.id },
      }),
    );

    expect(h.fake.world.commitDiscussions.get(head) ?? []).toEqual([]);
    expect(h.fake.world.statuses[0]?.target_url).toBe(`${mr.url}#note_${comment.id}`);
  });

  it('links under the path prefix of a self-managed GitLab', async () => {
    const { h, sha, check } = await seeded({ host: 'https://example.com/gitlab' });

    await h.forge.setCheck(
      check({ name: 'guard/request', state: 'failure', summary: SUMMARY, annotations: PROBLEMS }),
    );

    expect(h.fake.world.statuses[0]?.target_url).toMatch(
      new RegExp(`^https://example\\.com/gitlab/acme/fleet/-/commit/${sha}#note_\\d+$`),
    );
  });
});
