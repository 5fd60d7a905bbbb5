/**
 * Thrown from a Probot event handler when a delivery could not be enqueued. Probot's middleware
 * answers with its `status` (503, so the sender knows to redeliver), and the message names only
 * the delivery id.
 *
 * Why the `event` accessor: @octokit/webhooks attaches the whole event, payload included, to every
 * error a handler throws (`Object.assign(error, { event })`) and Probot then logs that error. The
 * setter drops the attachment and nothing enumerable is left for a log serializer to print.
 */
export class DeliveryFailedError extends Error {
  readonly status = 503;

  constructor(deliveryId: string) {
    super(`delivery ${deliveryId} could not be enqueued; redeliver it later`);
    this.name = 'DeliveryFailedError';
  }

  get event(): undefined {
    return undefined;
  }

  set event(_dropped: unknown) {
    // Deliberately not stored: see the class comment.
  }
}
