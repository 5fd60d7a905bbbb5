import type { Context, Probot } from 'probot';
import type { EventSink, ForgeEvent } from '../../src/engine/events.ts';
import { type IngressFilter, refusal } from '../http/ingress-filter.ts';
import type { Translation } from '../http/translation.ts';
import type { WebhookLogger } from '../http/webhook-logger.ts';
import { checkRerunEvent } from './check-rerun-event.ts';
import { commentEvent } from './comment-event.ts';
import { DeliveryFailedError } from './delivery-failed-error.ts';
import { pullRequestEvent } from './pull-request-event.ts';
import { pushEvent } from './push-event.ts';

export interface GitHubAppOptions extends IngressFilter {
  sink: EventSink;
  log: WebhookLogger;
}

/** The webhook events GUARD's GitHub App subscribes to (app.yml `default_events` must match). */
export const GITHUB_EVENTS = [
  'push',
  'pull_request',
  'issue_comment',
  'check_run',
  'installation',
  'installation_repositories',
] as const;

/**
 * The Probot app function: turns each verified delivery into at most one forge event and returns
 * only once the sink has enqueued it, so Probot's 200 means "recorded". The delivery id is
 * `X-GitHub-Delivery` (`context.id`), stable across GitHub's "Redeliver". Installation events only
 * get a log line: GUARD finds its repositories through the deliveries themselves.
 */
export function createGitHubApp(options: GitHubAppOptions): (app: Probot) => void {
  const { sink, log } = options;
  const deliver = async (context: Context, translate: () => Translation): Promise<void> => {
    const details = { forge: 'github', deliveryId: context.id, eventName: context.name };
    try {
      const translation = translate();
      const drop = 'ignored' in translation ? translation : refusal(options, translation.event);
      if (drop) {
        options.dropped?.('github', drop.reason);
        log.debug({ ...details, reason: drop.ignored }, 'webhook ignored');
        return;
      }
      const { event } = translation as { event: ForgeEvent };
      const result = await sink.deliver({ id: context.id, event });
      log.info({ ...details, kind: event.kind, result }, 'webhook enqueued');
    } catch (error) {
      // The message only: the payload never reaches the log.
      const message = error instanceof Error ? error.message : String(error);
      log.error({ ...details, error: message }, 'webhook not enqueued');
      throw new DeliveryFailedError(context.id);
    }
  };

  return (app) => {
    app.on('push', (context) => deliver(context, () => pushEvent(context.payload)));
    app.on(
      [
        'pull_request.opened',
        'pull_request.synchronize',
        'pull_request.reopened',
        'pull_request.closed',
        'pull_request.edited',
      ],
      (context) => deliver(context, () => pullRequestEvent(context.payload)),
    );
    app.on('issue_comment.created', (context) => deliver(context, () => commentEvent(context.payload)));
    app.on('check_run.rerequested', (context) => deliver(context, () => checkRerunEvent(context.payload)));
    app.on(['installation', 'installation_repositories'], async (context) => {
      const { action, installation } = context.payload;
      log.info(
        {
          forge: 'github',
          deliveryId: context.id,
          eventName: context.name,
          action,
          installationId: installation.id,
        },
        'github app installation changed',
      );
    });
  };
}
