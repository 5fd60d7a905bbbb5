import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Payload } from '../gitlab/webhook-test-kit.ts';
import { example, startGitHubIngress } from './github-webhook-kit.ts';

let ingress: Awaited<ReturnType<typeof startGitHubIngress>>;

beforeEach(async () => {
  ingress = await startGitHubIngress();
});
afterEach(() => ingress.close());

const withInstallation = (p: Payload) => p.installation !== undefined;

describe('GitHub app', () => {
  describe('push', () => {
    it('turns a push to the default branch into a push event with its paths', async () => {
      const push = example('push', (p) => p.ref === 'refs/heads/master' && withInstallation(p));

      const reply = await ingress.send('push', push, { 'x-github-delivery': 'push-1' });

      expect(reply.status).toBe(200);
      expect(ingress.sink.deliveries).toEqual([
        {
          id: 'push-1',
          event: {
            kind: 'push',
            forge: 'github',
            project: 'Codertocat/Hello-World',
            installationId: 1,
            branch: 'master',
            defaultBranch: true,
            after: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
            paths: ['README.md'],
          },
        },
      ]);
    });

    it('leaves paths undefined when the payload may have left commits out', async () => {
      const push = example('push', (p) => p.ref === 'refs/heads/master');
      const twenty = { ...push, commits: Array.from({ length: 20 }, () => push.commits[0]) };
      const { commits: _omitted, ...without } = push;

      await ingress.send('push', twenty);
      await ingress.send('push', without);

      expect(ingress.sink.deliveries.map((d) => d.event)).toMatchObject([
        { kind: 'push', paths: undefined },
        { kind: 'push', paths: undefined },
      ]);
    });

    it('sees a push to another branch as not the default branch', async () => {
      const push = { ...example('push', (p) => p.ref === 'refs/heads/master'), ref: 'refs/heads/guard/x' };

      await ingress.send('push', push);

      expect(ingress.sink.deliveries[0]?.event).toMatchObject({ branch: 'guard/x', defaultBranch: false });
    });
  });

  describe('pull_request', () => {
    const opened = () => example('pull_request', (p) => p.action === 'opened' && withInstallation(p));

    it('turns an opened pull request into a merge-request event', async () => {
      await ingress.send('pull_request', opened());

      expect(ingress.sink.deliveries.map((d) => d.event)).toEqual([
        {
          kind: 'merge-request',
          forge: 'github',
          project: 'Codertocat/Hello-World',
          installationId: 1,
          action: 'opened',
          number: 2,
          branch: 'changes',
          target: 'master',
          headSha: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821',
          author: 'Codertocat',
          fromFork: false,
        },
      ]);
    });

    it.each([
      ['synchronize', false, 'updated'],
      ['reopened', false, 'reopened'],
      ['edited', false, 'edited'],
      ['closed', false, 'closed'],
      ['closed', true, 'merged'],
    ])('maps %s (merged: %s) to %s', async (action, merged, expected) => {
      const payload = opened();
      payload.action = action;
      payload.pull_request.merged = merged;

      await ingress.send('pull_request', payload);

      expect(ingress.sink.deliveries[0]?.event).toMatchObject({ kind: 'merge-request', action: expected });
    });

    it('maps an edit that changed the base branch to updated: the files it merges changed', async () => {
      const payload = opened();
      payload.action = 'edited';
      payload.changes = { base: { ref: { from: 'develop' }, sha: { from: 'a'.repeat(40) } } };

      await ingress.send('pull_request', payload);

      expect(ingress.sink.deliveries[0]?.event).toMatchObject({ action: 'updated' });
    });

    it('uses the published synchronize and closed examples as they are', async () => {
      await ingress.send(
        'pull_request',
        example('pull_request', (p) => p.action === 'synchronize'),
      );
      await ingress.send(
        'pull_request',
        example('pull_request', (p) => p.action === 'closed'),
      );

      expect(ingress.sink.deliveries.map((d) => d.event)).toMatchObject([
        { action: 'updated' },
        { action: 'closed' },
      ]);
    });

    it('marks a pull request from a fork, or from a deleted fork, as from a fork', async () => {
      const fork = opened();
      fork.pull_request.head.repo.full_name = 'mallory/Hello-World';
      const deleted = opened();
      deleted.pull_request.head.repo = null;

      await ingress.send('pull_request', fork);
      await ingress.send('pull_request', deleted);

      expect(ingress.sink.deliveries.map((d) => d.event)).toMatchObject([
        { fromFork: true },
        { fromFork: true },
      ]);
    });

    it('ignores labels, assignments and the other actions (2xx, nothing enqueued)', async () => {
      for (const action of ['labeled', 'assigned', 'review_requested', 'converted_to_draft']) {
        const reply = await ingress.send(
          'pull_request',
          example('pull_request', (p) => p.action === action),
        );
        expect(reply.status).toBe(200);
      }

      expect(ingress.sink.deliveries).toEqual([]);
    });
  });

  describe('issue_comment', () => {
    const created = () => example('issue_comment', (p) => p.action === 'created' && withInstallation(p));

    it('turns a new issue comment into a comment event carrying the issue body', async () => {
      await ingress.send('issue_comment', created());

      expect(ingress.sink.deliveries.map((d) => d.event)).toEqual([
        {
          kind: 'comment',
          forge: 'github',
          project: 'Codertocat/Hello-World',
          installationId: 1,
          on: { kind: 'issue', number: 1 },
          commentId: 492700400,
          body: "You are totally right! I'll get this fixed right away.",
          author: 'Codertocat',
          authorIsBot: false,
          issueBody: "It looks like you accidently spelled 'commit' with two 't's.",
        },
      ]);
    });

    it('sees a comment on a pull request conversation as a comment on the MR', async () => {
      const payload = created();
      payload.issue.pull_request = { url: 'https://api.github.com/repos/Codertocat/Hello-World/pulls/1' };

      await ingress.send('issue_comment', payload);

      expect(ingress.sink.deliveries[0]?.event).toMatchObject({ on: { kind: 'mr', number: 1 } });
    });

    it('ignores edited and deleted comments and comments by bots', async () => {
      const bot = created();
      bot.sender = { ...bot.sender, login: 'guard-app[bot]', type: 'Bot' };
      bot.comment.user = bot.sender;
      const botByName = created();
      botByName.sender.login = 'renovate[bot]';

      for (const [action, payload] of [
        ['edited', example('issue_comment', (p) => p.action === 'edited')],
        ['deleted', example('issue_comment', (p) => p.action === 'deleted')],
        ['bot', bot],
        ['bot by name', botByName],
      ]) {
        const reply = await ingress.send('issue_comment', payload);
        expect(reply.status, String(action)).toBe(200);
      }

      expect(ingress.sink.deliveries).toEqual([]);
    });
  });

  describe('check_run', () => {
    it("turns a re-run of one of GUARD's checks into a check-rerun event", async () => {
      const payload = example('check_run', (p) => p.action === 'rerequested');
      payload.check_run.name = 'guard/precheck';
      payload.check_run.pull_requests = [{ number: 7 }];

      await ingress.send('check_run', payload);

      expect(ingress.sink.deliveries.map((d) => d.event)).toEqual([
        {
          kind: 'check-rerun',
          forge: 'github',
          project: 'github/hello-world',
          installationId: 1,
          checkName: 'guard/precheck',
          headSha: 'd6fde92930d4715a2b49857d24b940956b26d2d3',
          mrNumbers: [7],
          author: 'octocat',
        },
      ]);
    });

    it("ignores re-runs of other apps' checks and other check_run actions", async () => {
      await ingress.send(
        'check_run',
        example('check_run', (p) => p.action === 'rerequested'),
      );
      await ingress.send(
        'check_run',
        example('check_run', (p) => p.action === 'completed'),
      );

      expect(ingress.sink.deliveries).toEqual([]);
    });
  });

  describe('installation events', () => {
    it('logs installation changes and enqueues nothing', async () => {
      const created = await ingress.send(
        'installation',
        example('installation', (p) => p.action === 'created'),
      );
      const added = await ingress.send(
        'installation_repositories',
        example('installation_repositories', (p) => p.action === 'added'),
      );

      expect([created.status, added.status]).toEqual([200, 200]);
      expect(ingress.sink.deliveries).toEqual([]);
      expect(ingress.log.lines.filter((l) => l.includes('github app installation changed'))).toHaveLength(2);
    });
  });
});
