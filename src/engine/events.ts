import type { ForgeKind, Thread } from '../ports/forge.ts';

/**
 * The few forge events the engine acts on, the same for GitHub and GitLab. Webhook handlers
 * (handlers/github, handlers/gitlab) verify a delivery, translate its payload into one of these (or
 * none: an event GUARD ignores) and hand it to an `EventSink`; the engine only ever learns from them
 * which rollouts to reconcile, and reads everything else from the forge itself (level-triggered).
 */
export type ForgeEvent = PushEvent | MergeRequestEvent | CommentEvent | CheckRerunEvent;

/** Where an event happened. */
export interface EventSource {
  forge: ForgeKind;
  /** GitHub `owner/repo`; GitLab `group/subgroup/project` (path with namespace). */
  project: string;
  /** GitHub App installation id (the token to act with); absent on GitLab. */
  installationId?: number;
}

/** A push to any branch. */
export interface PushEvent extends EventSource {
  kind: 'push';
  /** Branch name, without `refs/heads/`. */
  branch: string;
  /** True when `branch` is the repository's default branch. */
  defaultBranch: boolean;
  /** Head commit after the push. */
  after: string;
  /**
   * Paths added, modified or removed by the pushed commits, as far as the payload lists them;
   * `undefined` when the payload could not say (too many commits): treat as "maybe guard/ changed".
   */
  paths?: string[];
}

/** An MR was opened, updated (new commits), edited, closed, merged or reopened. */
export interface MergeRequestEvent extends EventSource {
  kind: 'merge-request';
  action: 'opened' | 'updated' | 'closed' | 'merged' | 'reopened' | 'edited';
  number: number;
  /** Source branch name. */
  branch: string;
  /** Target branch name. */
  target: string;
  headSha: string;
  author: string;
  /** The source branch lives in a fork (never use credentials on its behalf). */
  fromFork: boolean;
}

/** A new comment (never an edit) on an MR or an issue. */
export interface CommentEvent extends EventSource {
  kind: 'comment';
  on: Thread;
  commentId: number;
  body: string;
  author: string;
  /** The author is a bot (GitHub `type: Bot`, `[bot]` login; GitLab `bot: true`), GUARD itself included. */
  authorIsBot: boolean;
  /** Source branch of the MR commented on, when the payload carries it (GitLab does; GitHub does not). */
  mrBranch?: string;
  /** Body of the issue commented on (to find the dashboard marker), when the payload carries it. */
  issueBody?: string;
}

/** Somebody pressed "Re-run" on one of GUARD's GitHub check runs: the same as `/guard recheck`. */
export interface CheckRerunEvent extends EventSource {
  kind: 'check-rerun';
  /** `guard/precheck`, `guard/soak`, … */
  checkName: string;
  headSha: string;
  /** MRs the check run belongs to, as the payload lists them. */
  mrNumbers: number[];
  /** The user who asked for the re-run. */
  author: string;
}

/**
 * Where verified webhook events go. `deliver` must return only once the event is durably recorded
 * (enqueued), so acknowledging the webhook afterwards loses nothing; the work itself runs later.
 * A delivery id seen before is a redelivery: `deliver` answers `duplicate` and does nothing.
 */
export interface EventSink {
  deliver(delivery: { id: string; event: ForgeEvent }): Promise<'accepted' | 'duplicate'>;
}
