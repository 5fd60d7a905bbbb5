import type { Context } from 'probot';
import { ignored, type Translation } from '../http/translation.ts';
import { installationId } from './installation-id.ts';

/**
 * "Re-run" pressed on one of GUARD's check runs (`guard/…`) as a check-rerun event; re-runs of
 * other apps' checks are none of GUARD's business.
 */
export function checkRerunEvent(payload: Context<'check_run.rerequested'>['payload']): Translation {
  const run = payload.check_run;
  if (!run.name.startsWith('guard/')) return ignored(`check run ${run.name}`, 'check-not-guard');
  return {
    event: {
      kind: 'check-rerun',
      forge: 'github',
      project: payload.repository.full_name,
      installationId: installationId(payload),
      checkName: run.name,
      headSha: run.head_sha,
      mrNumbers: run.pull_requests.map((pr) => pr.number),
      author: payload.sender.login,
    },
  };
}
