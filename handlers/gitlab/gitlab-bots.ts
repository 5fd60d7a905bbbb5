/**
 * Whether a GitLab webhook `user` is a bot. GitLab's webhook user object (id, name, username,
 * avatar_url, email) carries no bot flag today, so the username decides:
 * - project and group access tokens act as bot users named `project_<id>_bot_<suffix>` and
 *   `group_<id>_bot_<suffix>` (older GitLab: `project_<id>_bot` or `project_<id>_bot<n>`);
 * - service accounts are named `service_account_…`;
 * - by convention other automation accounts end in `_bot` or `-bot`;
 * - `extraBots` lists GUARD's own account (the owner of GITLAB_TOKEN) when it is a plain user.
 * A `bot: true` field is honoured too, should GitLab add one.
 */
export function isGitLabBot(
  user: { username: string; bot?: boolean | undefined },
  extraBots: ReadonlySet<string> = new Set(),
): boolean {
  const name = user.username.toLowerCase();
  return (
    user.bot === true ||
    extraBots.has(name) ||
    /^(project|group)_\d+_bot(\d*|_\w+)$/.test(name) ||
    name.startsWith('service_account_') ||
    /[_-]bot$/.test(name)
  );
}
