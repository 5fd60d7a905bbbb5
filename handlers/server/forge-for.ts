import type { Gitlab } from '@gitbeaker/rest';
import type { OctokitLike } from '../../providers/forge/github/client.ts';
import { createEtagCache, createGitHubForge } from '../../providers/forge/github/index.ts';
import {
  createDefaultBranchNames,
  createGitLabForge,
  lookUpBotUserId,
} from '../../providers/forge/gitlab/index.ts';
import type { EngineDeps } from '../../src/engine/deps.ts';
import type { Logger } from '../../src/engine/logger.ts';
import type { Forge, ForgeKind } from '../../src/ports/forge.ts';
import type { StateStore } from '../../src/ports/state-store.ts';
import { rememberSuccess } from '../../src/util/remember-success.ts';
import type { RetryDeps } from '../../src/util/with-retry.ts';
import { countedOctokit } from './forge-traffic.ts';
import type { ServerMetrics } from './server-metrics.ts';

export interface ForgeForDeps {
  /**
   * GitHub: an Octokit authenticated as the App (no id) or as one installation (Probot's `auth`),
   * and the App's id, required: only comments and issues made through this App are GUARD's own.
   */
  github?: { appId: number; auth(installationId?: number): Promise<OctokitLike> };
  /**
   * GitLab: one API client for the configured host and token, and the token's user id when known
   * (otherwise asked once per process: only that user's notes and issues are GUARD's own).
   */
  gitlab?: { api: Gitlab; botUserId?: number };
  metrics: ServerMetrics;
  log: Logger;
  /** The retry policy's hooks (the retry metric), shared by every adapter. */
  retry?: RetryDeps;
  /**
   * The state store, where GitLab projects' default branch names are kept too: the first tick after
   * a restart (or on another replica) then reads each head with one request, as later ticks do.
   */
  store?: StateStore;
}

/**
 * The engine's `forgeFor`: a fresh forge adapter per call (adapters remember their own writes for
 * one reconcile). GitHub acts with the token of the installation on the repository; when the caller
 * does not know the installation (a tick, a reconcile), it is looked up once with the App's JWT and
 * remembered per repository.
 */
export function createForgeFor(deps: ForgeForDeps): EngineDeps['forgeFor'] {
  const installations = new Map<string, number>();
  // One process-wide ETag cache: each tick's repeated GitHub reads are conditional (304s are free).
  const etags = createEtagCache();
  // And one of GitLab projects' default branch names: a tick's head read is one request, not two.
  const branchNames = createDefaultBranchNames(deps.store ? { store: deps.store } : {});
  // Asked once per process, when an adapter first needs it: a restarted server's first tick over
  // soaking rollouts reads their heads and nothing else.
  const gitlabBotUserId = rememberSuccess(() => lookUpBotUserId(deps.gitlab!.api));

  const installationOf = async (project: string, given?: number): Promise<number> => {
    if (given !== undefined) {
      installations.set(project, given);
      return given;
    }
    const known = installations.get(project);
    if (known !== undefined) return known;
    const [owner, repo] = project.split('/');
    const app = await deps.github!.auth();
    const { data } = await app
      .request('GET /repos/{owner}/{repo}/installation', { owner, repo })
      .catch((error: { status?: number }) => {
        if (error.status === 404)
          throw new Error(
            `GUARD's GitHub App is not installed on ${project}; install it on the repository or remove the repository's rollouts`,
          );
        throw error;
      });
    const id = (data as { id: number }).id;
    installations.set(project, id);
    return id;
  };

  // One builder per kind: a forge added to FORGE_KINDS does not compile until it can be built here.
  const build: Record<ForgeKind, (project: string, installationId?: number) => Promise<Forge>> = {
    github: async (project, installationId) => {
      if (!deps.github) throw new Error(`GitHub is not configured (APP_ID unset); cannot act on ${project}`);
      const octokit = await deps.github.auth(await installationOf(project, installationId));
      const [owner = '', repo = ''] = project.split('/');
      return createGitHubForge({
        octokit: countedOctokit(octokit, deps.metrics),
        owner,
        repo,
        appId: deps.github.appId,
        ...(deps.retry && { retry: deps.retry }),
        etags,
      });
    },
    gitlab: async (project) => {
      if (!deps.gitlab)
        throw new Error(`GitLab is not configured (GITLAB_TOKEN unset); cannot act on ${project}`);
      return createGitLabForge({
        api: deps.gitlab.api,
        project,
        // Once per process, not per adapter: opening a wave MR stays within its request budget.
        botUserId: deps.gitlab.botUserId ?? gitlabBotUserId,
        branchNames,
      });
    },
  };
  return ({ forge, project, installationId }) => build[forge](project, installationId);
}
