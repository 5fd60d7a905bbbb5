import type { ForgeEvent } from '../../src/engine/events.ts';
import type { MergeRequest, Thread } from '../../src/ports/forge.ts';

/** The simulated repository, as a GitHub App installation would see it. */
export const SOURCE = { forge: 'github', project: 'acme/fleet', installationId: 1 } as const;

/**
 * The webhook events the simulated people cause, already verified and translated, as handlers/
 * hand them to the engine's event sink.
 */
export const demoEvents = {
  push(sha: string, paths: string[]): ForgeEvent {
    return { kind: 'push', ...SOURCE, branch: 'main', defaultBranch: true, after: sha, paths };
  },
  merged(mr: MergeRequest): ForgeEvent {
    return {
      kind: 'merge-request',
      ...SOURCE,
      action: 'merged',
      number: mr.number,
      branch: mr.branch,
      target: 'main',
      headSha: mr.headSha,
      author: mr.author ?? 'guard[bot]',
      fromFork: false,
    };
  },
  /** `issueBody`: GitHub's issue_comment payload carries the issue, and with it the dashboard marker. */
  comment(input: {
    on: Thread;
    commentId: number;
    body: string;
    author: string;
    issueBody?: string;
  }): ForgeEvent {
    return { kind: 'comment', ...SOURCE, ...input, authorIsBot: false };
  },
};
