import { parseRolloutKey } from './keys.ts';

/**
 * The rollout's page under GUARD_PUBLIC_URL: `/rollouts/<forge>/<project>/<service>`, the project
 * keeping its slashes (GitLab subgroups) and every segment escaped.
 */
export function rolloutPageUrl(publicUrl: string, rolloutKey: string): string | undefined {
  const id = parseRolloutKey(rolloutKey);
  if (!id) return undefined;
  const segments = [id.forge, ...id.project.split('/'), id.service].map(encodeURIComponent);
  return `${publicUrl.replace(/\/+$/, '')}/rollouts/${segments.join('/')}`;
}
