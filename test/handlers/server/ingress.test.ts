import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createGitLabWebhookHandler,
  GITLAB_WEBHOOK_PATH,
} from '../../../handlers/gitlab/create-gitlab-webhook-handler.ts';
import { createIngressFilter } from '../../../handlers/server/ingress.ts';
import { createServerMetrics, type ServerMetrics } from '../../../handlers/server/server-metrics.ts';
import { example, startGitHubIngress } from '../github/github-webhook-kit.ts';
import {
  createFakeSink,
  createRecordingLog,
  type Payload,
  startLoopback,
} from '../gitlab/webhook-test-kit.ts';

const SECRET = 'gitlab-webhook-secret-for-tests';
const fixture = (name: string): Payload =>
  JSON.parse(
    readFileSync(join(import.meta.dirname, '../../fixtures/gitlab-webhooks', `${name}.json`), 'utf8'),
  );

/** The documented push (to the default branch `master`) with every commit listed and these paths. */
function push(paths: string[], ref = 'refs/heads/master'): Payload {
  const body = fixture('push');
  return {
    ...body,
    ref,
    total_commits_count: 1,
    commits: [{ ...body.commits[0], added: [], modified: paths, removed: [] }],
  };
}

function note(text: string): Payload {
  const body = fixture('note-merge-request');
  return { ...body, object_attributes: { ...body.object_attributes, note: text } };
}

async function dropped(metrics: ServerMetrics): Promise<Record<string, number>> {
  const metric = await metrics.registry.getSingleMetric('guard_webhook_dropped_total')!.get();
  return Object.fromEntries(metric.values.map((v) => [`${v.labels.forge}/${v.labels.reason}`, v.value]));
}

describe('ingress filter (server wiring)', () => {
  let metrics: ServerMetrics;
  let sink: ReturnType<typeof createFakeSink>;
  let server: Awaited<ReturnType<typeof startLoopback>>;

  beforeEach(async () => {
    metrics = createServerMetrics();
    sink = createFakeSink();
    const ingress = createIngressFilter(metrics);
    server = await startLoopback(
      createGitLabWebhookHandler({ secret: SECRET, sink, log: createRecordingLog(), ...ingress }),
    );
  });
  afterEach(() => server.close());

  const post = async (event: string, body: Payload) => {
    const response = await fetch(server.url + GITLAB_WEBHOOK_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-gitlab-token': SECRET, 'x-gitlab-event': event },
      body: JSON.stringify(body),
    });
    return response.status;
  };

  it('drops GitLab deliveries that cannot concern GUARD with 200, counted by reason, before the sink', async () => {
    const statuses = [
      await post('Push Hook', push(['guard/upgrade.yaml'], 'refs/heads/feature')),
      await post('Push Hook', push(['README.md', 'clusters/prod-1/istio.yaml'])),
      await post('Merge Request Hook', fixture('merge-request-update-title')),
      await post('Merge Request Hook', fixture('merge-request-close')),
      await post('Note Hook', note('Looks good to me')),
      await post('Note Hook', {
        ...note('/guard rollback'),
        user: { ...note('').user, username: 'deploy-bot' },
      }),
      await post('Pipeline Hook', { object_kind: 'pipeline' }),
    ];

    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200]);
    expect(sink.deliveries).toEqual([]);
    expect(await dropped(metrics)).toEqual({
      'gitlab/push-other-branch': 1,
      'gitlab/push-outside-guard': 1,
      'gitlab/mr-edited': 1,
      'gitlab/mr-closed': 1,
      'gitlab/comment-not-command': 1,
      'gitlab/by-bot': 1,
      'gitlab/not-handled': 1,
    });
  });

  it('delivers what may concern GUARD: guard/ pushes, MR updates, /guard commands', async () => {
    const statuses = [
      await post('Push Hook', push(['guard/upgrade.yaml'])),
      await post('Push Hook', fixture('push')), // 2 of 4 commits listed: guard/ may have changed
      await post('Merge Request Hook', fixture('merge-request-open')),
      await post('Merge Request Hook', fixture('merge-request-update-commits')),
      await post('Note Hook', note('/guard status')),
    ];

    expect(statuses).toEqual([202, 202, 202, 202, 202]);
    expect(sink.deliveries.map((d) => d.event.kind)).toEqual([
      'push',
      'push',
      'merge-request',
      'merge-request',
      'comment',
    ]);
    expect(await dropped(metrics)).toEqual({});
  });

  it('drops GitHub comments without /guard and pushes outside guard/ the same way', async () => {
    const github = await startGitHubIngress({ ingress: createIngressFilter(metrics) });
    const readmePush = example('push', (p) => p.ref === 'refs/heads/master' && p.commits?.length === 1);
    const comment = example('issue_comment', (p) => p.action === 'created');
    comment.comment.body = 'Thanks!';
    comment.sender.type = 'User';
    comment.comment.user.type = 'User';

    const replies = [await github.send('push', readmePush), await github.send('issue_comment', comment)];
    await github.close();

    expect(replies.map((r) => r.status)).toEqual([200, 200]);
    expect(github.sink.deliveries).toEqual([]);
    expect(await dropped(metrics)).toEqual({
      'github/push-outside-guard': 1,
      'github/comment-not-command': 1,
    });
  });
});
