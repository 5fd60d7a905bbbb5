import { createHash } from 'node:crypto';
import type { EngineDeps } from '../../src/engine/deps.ts';
import type { Logger } from '../../src/engine/logger.ts';
import type { Forge, MergeRequest } from '../../src/ports/forge.ts';

/**
 * GUARD_DRY_RUN=true: reads go to the forge, every write is logged (what, where, a summary) and
 * answered with a plausible result instead, so a dry run walks the same decisions as a real one
 * without changing a branch, an MR, a comment or a check.
 */
export function dryRunForge(forge: Forge, log: Logger): Forge {
  const skipped = (verb: string, details: object) =>
    log.info({ dryRun: true, verb, ...details }, 'dry run: forge write skipped');
  return {
    ...forge,
    async ensureBranchCommit(input) {
      skipped('ensureBranchCommit', {
        branch: input.branch,
        base: input.base,
        message: input.message,
        paths: input.changes.map((c) => c.path),
      });
      return { sha: fakeSha(input.branch, input.base, input.message), created: true };
    },
    async ensureMergeRequest(spec) {
      skipped('ensureMergeRequest', {
        branch: spec.branch,
        target: spec.target,
        title: spec.title,
        labels: spec.labels,
      });
      const existing = await forge.findMergeRequest(spec.branch);
      if (existing?.state === 'open') return { ...existing, title: spec.title, labels: [...spec.labels] };
      return dryMergeRequest(spec.branch, spec.title, spec.labels, spec.target);
    },
    async closeMergeRequest(number, comment) {
      skipped('closeMergeRequest', { mr: number, comment });
    },
    async mergeMergeRequest(number) {
      skipped('mergeMergeRequest', { mr: number });
      const mr = await forge.getMergeRequest(number);
      return { ...(mr ?? dryMergeRequest('', '', [])), number, state: 'merged' };
    },
    async ensureComment(input) {
      skipped('ensureComment', { on: input.on, marker: input.marker, body: input.body });
      return { id: 0, created: false };
    },
    async addComment(input) {
      skipped('addComment', { on: input.on, body: input.body });
      return { id: 0 };
    },
    async addReaction(input) {
      skipped('addReaction', { on: input.on, commentId: input.commentId, reaction: input.reaction });
    },
    async setCheck(spec) {
      skipped('setCheck', { sha: spec.sha, name: spec.name, state: spec.state, title: spec.title });
    },
    async ensureIssue(spec) {
      skipped('ensureIssue', { marker: spec.marker, title: spec.title, open: spec.open });
      return { number: 0, url: '' };
    },
  };
}

function fakeSha(...parts: string[]): string {
  return createHash('sha1')
    .update(`dry-run\n${parts.join('\n')}`)
    .digest('hex');
}

function dryMergeRequest(
  branch: string,
  title: string,
  labels: readonly string[],
  target?: string,
): MergeRequest {
  return {
    number: 0,
    url: '',
    branch,
    title,
    state: 'open',
    headSha: fakeSha(branch),
    labels: [...labels],
    ...(target ? { target } : {}),
  };
}

/** `forgeFor` whose forges only pretend to write (GUARD_DRY_RUN=true). */
export function dryRunForgeFor(forgeFor: EngineDeps['forgeFor'], log: Logger): EngineDeps['forgeFor'] {
  return async (target) =>
    dryRunForge(await forgeFor(target), log.child({ forge: target.forge, project: target.project }));
}
