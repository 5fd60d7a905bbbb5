import { describe, expect, it } from 'vitest';
import { isGitLabBot } from '../../../handlers/gitlab/gitlab-bots.ts';

describe('isGitLabBot', () => {
  it.each([
    'project_42_bot_3f2a9c1d',
    'group_7_bot_0a1b2c',
    'project_42_bot',
    'project_42_bot2',
    'service_account_group_9_abc',
    'renovate-bot',
    'release_bot',
  ])('recognises %s as a bot', (username) => {
    expect(isGitLabBot({ username })).toBe(true);
  });

  it.each(['root', 'abbot', 'bottleneck', 'project_manager'])('takes %s for a person', (username) => {
    expect(isGitLabBot({ username })).toBe(false);
  });

  it('honours a bot flag and the extra names, whatever their case', () => {
    expect(isGitLabBot({ username: 'alice', bot: true })).toBe(true);
    expect(isGitLabBot({ username: 'Guard-Svc' }, new Set(['guard-svc']))).toBe(true);
  });
});
