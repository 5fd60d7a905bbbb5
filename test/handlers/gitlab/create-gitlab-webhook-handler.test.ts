import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createGitLabWebhookHandler,
  GITLAB_WEBHOOK_PATH,
} from '../../../handlers/gitlab/create-gitlab-webhook-handler.ts';
import { createFakeSink, createRecordingLog, type Payload, startLoopback } from './webhook-test-kit.ts';

const SECRET = 'gitlab-webhook-secret-for-tests';
const FIXTURES = join(import.meta.dirname, '../../fixtures/gitlab-webhooks');

function fixture(name: string): Payload {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8'));
}

let sink: ReturnType<typeof createFakeSink>;
let log: ReturnType<typeof createRecordingLog>;
let server: Awaited<ReturnType<typeof startLoopback>>;

beforeEach(async () => {
  sink = createFakeSink();
  log = createRecordingLog();
  const handler = createGitLabWebhookHandler({ secret: SECRET, sink, log, maxBodyBytes: 64 * 1024 });
  server = await startLoopback(handler);
});
afterEach(() => server.close());

async function post(event: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(server.url + GITLAB_WEBHOOK_PATH, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-gitlab-token': SECRET,
      'x-gitlab-event': event,
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

describe('GitLab webhook handler', () => {
  describe('creation', () => {
    it('refuses to be created without a secret, saying which setting to fill in', () => {
      for (const secret of [undefined, '']) {
        expect(() => createGitLabWebhookHandler({ secret, sink, log })).toThrow(/GITLAB_WEBHOOK_SECRET/);
      }
    });
  });

  describe('documented payloads', () => {
    it('turns the documented push (2 of 4 commits listed) into a push without paths', async () => {
      const reply = await post('Push Hook', fixture('push'), { 'idempotency-key': 'push-1' });

      expect(reply.status).toBe(202);
      expect(sink.deliveries).toEqual([
        {
          id: 'push-1',
          event: {
            kind: 'push',
            forge: 'gitlab',
            project: 'mike/diaspora',
            branch: 'master',
            defaultBranch: true,
            after: 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7',
            paths: undefined,
          },
        },
      ]);
    });

    it('lists the changed paths when every pushed commit is in the payload', async () => {
      const push = { ...fixture('push'), total_commits_count: 2, ref: 'refs/heads/feature' };

      await post('Push Hook', push);

      expect(sink.deliveries[0]?.event).toMatchObject({
        branch: 'feature',
        defaultBranch: false,
        paths: ['CHANGELOG', 'app/controller/application.rb'],
      });
    });

    it.each([
      ['merge-request-open', 'opened'],
      ['merge-request-merge', 'merged'],
      ['merge-request-close', 'closed'],
      ['merge-request-update-commits', 'updated'],
      ['merge-request-update-title', 'edited'],
    ])('turns %s into a merge-request event with action %s', async (name, action) => {
      const reply = await post('Merge Request Hook', fixture(name));

      expect(reply.status).toBe(202);
      expect(sink.deliveries.map((d) => d.event)).toEqual([
        {
          kind: 'merge-request',
          forge: 'gitlab',
          project: 'gitlabhq/gitlab-test',
          action,
          number: 1,
          branch: 'ms-viewport',
          target: 'master',
          headSha: 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7',
          author: 'root',
          fromFork: false,
        },
      ]);
    });

    it.each([
      ['a new target branch', { target_branch: { previous: 'develop', current: 'master' } }],
      [
        'a change older GitLab reports as merge_status only',
        { merge_status: { previous: 'can_be_merged', current: 'unchecked' } },
      ],
    ])(
      'treats an update without new commits but with %s as updated: the files may differ',
      async (_label, changes) => {
        const retargeted = { ...fixture('merge-request-update-title'), changes };

        await post('Merge Request Hook', retargeted);

        expect(sink.deliveries[0]?.event).toMatchObject({ kind: 'merge-request', action: 'updated' });
      },
    );

    it('marks a merge request from another project as coming from a fork', async () => {
      const mr = fixture('merge-request-open');
      mr.object_attributes.source_project_id = 99;

      await post('Merge Request Hook', mr);

      expect(sink.deliveries[0]?.event).toMatchObject({ fromFork: true });
    });

    it('turns a note on a merge request into a comment with the MR source branch', async () => {
      await post('Note Hook', fixture('note-merge-request'));

      expect(sink.deliveries.map((d) => d.event)).toEqual([
        {
          kind: 'comment',
          forge: 'gitlab',
          project: 'gitlab-org/gitlab-test',
          on: { kind: 'mr', number: 1 },
          commentId: 1244,
          body: 'This MR needs work.',
          author: 'root',
          authorIsBot: false,
          mrBranch: 'master',
        },
      ]);
    });

    it('turns a note on an issue into a comment carrying the issue description', async () => {
      await post('Note Hook', fixture('note-issue'));

      expect(sink.deliveries[0]?.event).toMatchObject({
        kind: 'comment',
        on: { kind: 'issue', number: 17 },
        commentId: 1241,
        body: 'Hello world',
        issueBody: 'test',
      });
    });
  });

  describe('events GUARD ignores are answered 2xx and not enqueued', () => {
    const note = fixture('note-merge-request');
    it.each([
      ['a tag push', 'Tag Push Hook', fixture('push')],
      ['a pipeline', 'Pipeline Hook', { object_kind: 'pipeline' }],
      [
        'an approval',
        'Merge Request Hook',
        withAttributes(fixture('merge-request-open'), { action: 'approved' }),
      ],
      ['an edited note', 'Note Hook', withAttributes(note, { action: 'update' })],
      ['a system note', 'Note Hook', withAttributes(note, { system: true })],
      ['a note on a commit', 'Note Hook', withAttributes(note, { noteable_type: 'Commit' })],
      [
        'a project bot note',
        'Note Hook',
        { ...note, user: { ...note.user, username: 'project_5_bot_3f2a9c' } },
      ],
      [
        'a service account note',
        'Note Hook',
        { ...note, user: { ...note.user, username: 'service_account_x1' } },
      ],
      ['a deleted branch', 'Push Hook', { ...fixture('push'), after: '0'.repeat(40) }],
    ])('%s', async (_label, event, body) => {
      const reply = await post(event, body);

      expect(reply.status).toBe(200);
      expect(reply.body).toHaveProperty('ignored');
      expect(sink.deliveries).toEqual([]);
    });

    it("GUARD's own account when it is named as a bot", async () => {
      const handler = createGitLabWebhookHandler({ secret: SECRET, sink, log, botUsernames: ['Root'] });
      const own = await startLoopback(handler);

      const response = await fetch(own.url + GITLAB_WEBHOOK_PATH, {
        method: 'POST',
        headers: { 'x-gitlab-token': SECRET, 'x-gitlab-event': 'Note Hook' },
        body: JSON.stringify(fixture('note-merge-request')),
      });
      await own.close();

      expect(response.status).toBe(200);
      expect(sink.deliveries).toEqual([]);
    });
  });

  describe('security', () => {
    it('answers 401 to a wrong or missing token and enqueues nothing', async () => {
      const wrong = await post('Push Hook', fixture('push'), { 'x-gitlab-token': 'guess' });
      const missing = await fetch(server.url + GITLAB_WEBHOOK_PATH, {
        method: 'POST',
        headers: { 'x-gitlab-event': 'Push Hook' },
        body: JSON.stringify(fixture('push')),
      });

      expect(wrong.status).toBe(401);
      expect(missing.status).toBe(401);
      expect(sink.deliveries).toEqual([]);
      expect(log.lines.join('\n')).not.toContain('guess');
    });

    it('answers 401 before the body has even been sent', async () => {
      const status = await new Promise<number | undefined>((resolve, reject) => {
        const req = request(server.url + GITLAB_WEBHOOK_PATH, {
          method: 'POST',
          headers: { 'x-gitlab-token': 'guess', 'content-length': '1000000' },
        });
        req.on('response', (res) => {
          resolve(res.statusCode);
          req.destroy();
        });
        req.on('error', reject);
        req.write('{"partial": ');
      });

      expect(status).toBe(401);
    });

    it('answers 413 to a body over the limit, declared or streamed, and enqueues nothing', async () => {
      const big = JSON.stringify({ ...fixture('push'), padding: 'x'.repeat(70 * 1024) });

      const declared = await post('Push Hook', big);
      const streamed = await fetch(server.url + GITLAB_WEBHOOK_PATH, {
        method: 'POST',
        headers: { 'x-gitlab-token': SECRET, 'x-gitlab-event': 'Push Hook' },
        body: new Blob([big]).stream(),
        duplex: 'half',
      } as RequestInit);

      expect(declared.status).toBe(413);
      expect(streamed.status).toBe(413);
      expect(sink.deliveries).toEqual([]);
    });

    it('answers 405 to anything but POST', async () => {
      const response = await fetch(server.url + GITLAB_WEBHOOK_PATH, {
        headers: { 'x-gitlab-token': SECRET },
      });

      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
    });

    it('answers 400 to a body that is not JSON, or a known hook missing what GUARD reads', async () => {
      const notJson = await post('Push Hook', '{"ref": ');
      const shapeless = await post('Push Hook', { object_kind: 'push' });

      expect(notJson.status).toBe(400);
      expect(shapeless.status).toBe(400);
      expect(sink.deliveries).toEqual([]);
    });
  });

  describe('delivery ids and redelivery', () => {
    it('tells the sink the same id for a redelivery and still answers 2xx', async () => {
      const headers = { 'idempotency-key': '8ae1b5d2-52a6-4e2e-9d0c-7d2f3a6f0b11' };

      const first = await post('Note Hook', fixture('note-issue'), headers);
      const again = await post('Note Hook', fixture('note-issue'), headers);

      expect([first.status, again.status]).toEqual([202, 202]);
      expect([first.body.result, again.body.result]).toEqual(['accepted', 'duplicate']);
      expect(sink.deliveries.map((d) => d.id)).toEqual([
        headers['idempotency-key'],
        headers['idempotency-key'],
      ]);
    });

    it('prefers Idempotency-Key, then X-Gitlab-Event-UUID, then a hash of the body', async () => {
      const body = fixture('note-issue');

      await post('Note Hook', body, { 'idempotency-key': 'key-1', 'x-gitlab-event-uuid': 'uuid-1' });
      await post('Note Hook', body, { 'x-gitlab-event-uuid': 'uuid-1' });
      await post('Note Hook', body);
      await post('Note Hook', body, { 'idempotency-key': 'not a valid id; DROP TABLE' });

      const ids = sink.deliveries.map((d) => d.id);
      expect(ids.slice(0, 2)).toEqual(['key-1', 'uuid-1']);
      expect(ids[2]).toMatch(/^gitlab-body-sha256:[0-9a-f]{64}$/);
      expect(ids[3]).toBe(ids[2]);
    });
  });

  describe('when the sink fails', () => {
    it('answers 503 so GitLab retries, and logs the error without the payload', async () => {
      sink.failing = new Error('state store unreachable');
      const note = withAttributes(fixture('note-issue'), { note: 'PAYLOAD-MARKER /guard status' });

      const reply = await post('Note Hook', note);

      expect(reply.status).toBe(503);
      const logged = log.lines.join('\n');
      expect(logged).toContain('state store unreachable');
      expect(logged).not.toContain('PAYLOAD-MARKER');
    });
  });
});

function withAttributes(payload: Payload, attributes: Record<string, unknown>) {
  return { ...payload, object_attributes: { ...payload.object_attributes, ...attributes } };
}
