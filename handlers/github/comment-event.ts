import type { Context } from 'probot';
import { ignored, type Translation } from '../http/translation.ts';
import { installationId } from './installation-id.ts';

type Actor = { login: string; type?: string };

/** GitHub Apps (GUARD included) and bot accounts: `type: Bot`, or a login ending in `[bot]`. */
export function isGitHubBot(actor: Actor): boolean {
  return actor.type === 'Bot' || actor.login.endsWith('[bot]');
}

/**
 * A new GitHub issue or pull request comment as a comment event. Only `created` is subscribed (edits
 * and deletions never carry commands); comments by bots, GUARD's own replies included, are ignored.
 * GitHub calls pull request conversations issues: `issue.pull_request` tells them apart.
 */
export function commentEvent(payload: Context<'issue_comment.created'>['payload']): Translation {
  const { comment, issue, sender } = payload;
  // A deleted account ("ghost") leaves `comment.user` null; the sender still names who commented.
  const author = comment.user ?? sender;
  if (isGitHubBot(sender) || isGitHubBot(author)) return ignored('bot author', 'by-bot');
  return {
    event: {
      kind: 'comment',
      forge: 'github',
      project: payload.repository.full_name,
      installationId: installationId(payload),
      on: { kind: issue.pull_request ? 'mr' : 'issue', number: issue.number },
      commentId: comment.id,
      body: comment.body,
      author: author.login,
      authorIsBot: false,
      issueBody: issue.body ?? '',
    },
  };
}
