import { describe, expect, it } from 'vitest';
import type { ForgeEvent } from '../../../src/engine/events.ts';
import { triage } from '../../../src/engine/jobs.ts';

const where = { forge: 'gitlab' as const, project: 'acme/fleet' };
const isCommand = (body: string) => body.startsWith('/guard');

const push = (over: Partial<Extract<ForgeEvent, { kind: 'push' }>> = {}): ForgeEvent => ({
  kind: 'push',
  ...where,
  branch: 'main',
  defaultBranch: true,
  after: 'abc123',
  paths: ['guard/upgrade.yaml'],
  ...over,
});

const mr = (over: Partial<Extract<ForgeEvent, { kind: 'merge-request' }>> = {}): ForgeEvent => ({
  kind: 'merge-request',
  ...where,
  action: 'opened',
  number: 7,
  branch: 'feature',
  target: 'main',
  headSha: 'head1',
  author: 'alice',
  fromFork: false,
  ...over,
});

const comment = (body: string, authorIsBot = false): ForgeEvent => ({
  kind: 'comment',
  ...where,
  on: { kind: 'mr', number: 7 },
  commentId: 1,
  body,
  author: 'alice',
  authorIsBot,
});

describe('triage', () => {
  describe('drops what cannot concern GUARD, saying why', () => {
    it.each([
      ['a push to another branch', push({ branch: 'feature', defaultBranch: false }), 'push-other-branch'],
      [
        'a default-branch push outside guard/',
        push({ paths: ['README.md', 'clusters/a.yaml'] }),
        'push-outside-guard',
      ],
      ['a closed MR that is not GUARD’s', mr({ action: 'closed' }), 'mr-closed'],
      ['a merged MR that is not GUARD’s', mr({ action: 'merged' }), 'mr-closed'],
      ['an MR whose title was edited', mr({ action: 'edited' }), 'mr-edited'],
      ['a comment without /guard', comment('LGTM'), 'comment-not-command'],
      ['a bot’s /guard comment', comment('/guard rollback', true), 'comment-not-command'],
    ])('%s', (_label, event, reason) => {
      expect(triage(event, 'd-1', isCommand)).toEqual({ drop: reason });
    });
  });

  describe('names jobs after what they are about, so events about one thing coalesce', () => {
    it('one reconcile job per rollout for any event on a GUARD branch, closing included', () => {
      const events = [
        mr({ branch: 'guard/istio/1.21.0/prod', action: 'opened' }),
        mr({ branch: 'guard/istio/1.21.0/prod', action: 'closed', number: 9 }),
        mr({ branch: 'guard/rollback/istio/1.21.0/prod', action: 'merged', number: 10 }),
      ];

      const ids = events.map((e, i) => triage(e, `d-${i}`, isCommand));

      for (const id of ids)
        expect(id).toEqual({
          id: 'reconcile:gitlab:acme/fleet:istio',
          job: { kind: 'reconcile', key: 'gitlab:acme/fleet:istio' },
        });
    });

    it('one preview job per MR, carrying the newest head', () => {
      const first = triage(mr({ action: 'opened' }), 'd-1', isCommand);
      const later = triage(mr({ action: 'updated', headSha: 'head2' }), 'd-2', isCommand);

      expect(first).toMatchObject({ id: 'preview:gitlab:acme/fleet!7' });
      expect(later).toMatchObject({ id: 'preview:gitlab:acme/fleet!7', job: { headSha: 'head2' } });
    });

    it('previews a fork’s MR even when its branch carries a GUARD name', () => {
      expect(triage(mr({ branch: 'guard/istio/1.21.0/prod', fromFork: true }), 'd', isCommand)).toMatchObject(
        {
          job: { kind: 'preview' },
        },
      );
    });

    it('one sync job per pushed commit, also when the payload could not list the paths', () => {
      expect(triage(push({ paths: undefined }), 'd-1', isCommand)).toEqual({
        id: 'sync:gitlab:acme/fleet@abc123',
        job: { kind: 'sync', source: where, sha: 'abc123' },
      });
    });

    it('one job per delivery for commands: each is somebody’s request', () => {
      expect(triage(comment('/guard rollback'), 'd-9', isCommand)).toMatchObject({
        id: 'gitlab:d-9',
        job: { kind: 'command' },
      });
    });
  });
});
