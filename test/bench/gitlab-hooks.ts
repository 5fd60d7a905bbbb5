// GitLab webhook deliveries for the server benchmark, derived from GitLab's documented examples
// (test/fixtures/gitlab-webhooks) the way a busy fleet repository produces them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const PROJECT = 'acme/fleet';
const FIXTURES = join(import.meta.dirname, '../fixtures/gitlab-webhooks');
const cache = new Map<string, string>();
// biome-ignore lint/suspicious/noExplicitAny: published example payloads, varied field by field
const fixture = (name: string): any => {
  if (!cache.has(name)) cache.set(name, readFileSync(join(FIXTURES, `${name}.json`), 'utf8'));
  return JSON.parse(cache.get(name)!);
};
const sha = (prefix: string, i: number) => `${prefix}${String(i).padStart(40 - prefix.length, '0')}`;

/** Kinds of delivery in the mixed load, and what each should cost GUARD. */
export type Kind =
  | 'guard-mr' // an update of one of GUARD's wave MRs: the rollout's reconcile (coalesced)
  | 'mr' // an MR opened or updated by a person: one preview job per MR, coalesced
  | 'mr-title' // a retitled MR that is not GUARD's: dropped
  | 'mr-close' // a closed MR that is not GUARD's: dropped
  | 'push-branch' // a push to a feature branch: dropped
  | 'push-main' // a push to main outside guard/: dropped
  | 'push-guard' // a push to main changing guard/upgrade.yaml: a sync job for that commit
  | 'comment' // a comment without /guard: dropped
  | 'command'; // `/guard status` on the wave MR: a command job

export interface Delivery {
  kind: Kind;
  event: string;
  body: string;
}

function mergeRequest(name: string, attributes: object): string {
  const payload = fixture(name);
  payload.project.path_with_namespace = PROJECT;
  payload.project.default_branch = 'main';
  Object.assign(payload.object_attributes, { target_branch: 'main', ...attributes });
  return JSON.stringify(payload);
}

function push(i: number, ref: string, paths: string[]): string {
  const payload = fixture('push');
  Object.assign(payload, { ref: `refs/heads/${ref}`, after: sha('b', i), total_commits_count: 1 });
  payload.project.path_with_namespace = PROJECT;
  payload.project.default_branch = 'main';
  payload.commits = [{ ...payload.commits[0], added: [], removed: [], modified: paths }];
  return JSON.stringify(payload);
}

function note(text: string, mr: { iid: number; source_branch: string }): string {
  const payload = fixture('note-merge-request');
  payload.project.path_with_namespace = PROJECT;
  payload.object_attributes.note = text;
  payload.merge_request = { ...payload.merge_request, ...mr };
  return JSON.stringify(payload);
}

/** The i-th delivery of `kind`. `mrs` ordinary MRs take turns, so updates of one MR coalesce. */
export function delivery(kind: Kind, i: number, waveBranch: string, mrs = 100): Delivery {
  // People's MRs are !2 to !(mrs + 1) (server-child.ts opens them; !1 is the rollout's wave MR).
  const person = {
    iid: (i % mrs) + 2,
    source_branch: `feature-${i % mrs}`,
    last_commit: { id: sha('a', i) },
  };
  const mr = (body: string) => ({ kind, event: 'Merge Request Hook', body });
  switch (kind) {
    case 'guard-mr':
      return mr(mergeRequest('merge-request-update-commits', { iid: 1000, source_branch: waveBranch }));
    case 'mr':
      return mr(mergeRequest(i % 3 === 0 ? 'merge-request-open' : 'merge-request-update-commits', person));
    case 'mr-title':
      return mr(mergeRequest('merge-request-update-title', person));
    case 'mr-close':
      return mr(mergeRequest('merge-request-close', person));
    case 'push-branch':
      return { kind, event: 'Push Hook', body: push(i, `feature-${i % mrs}`, ['guard/upgrade.yaml']) };
    case 'push-main':
      return { kind, event: 'Push Hook', body: push(i, 'main', ['README.md', 'docs/runbook.md']) };
    case 'push-guard':
      return { kind, event: 'Push Hook', body: push(i, 'main', ['guard/upgrade.yaml']) };
    case 'comment':
      return { kind, event: 'Note Hook', body: note('Looks good to me, merging after lunch.', person) };
    case 'command':
      return {
        kind,
        event: 'Note Hook',
        body: note('/guard status', { iid: 1000, source_branch: waveBranch }),
      };
  }
}

/** Shares of the mixed load, in percent: most of a busy repository's traffic is not GUARD's. */
export const MIX: readonly [Kind, number][] = [
  ['guard-mr', 10],
  ['mr', 25],
  ['mr-title', 3],
  ['mr-close', 2],
  ['push-branch', 25],
  ['push-main', 8],
  ['push-guard', 2],
  ['comment', 23],
  ['command', 2],
];

/** A fixed, shuffled sequence of kinds with the MIX shares (the same every run). */
export function mixedKinds(total: number): Kind[] {
  const kinds: Kind[] = [];
  for (const [kind, share] of MIX)
    for (let n = 0; n < Math.round((total * share) / 100); n++) kinds.push(kind);
  let seed = 42;
  for (let i = kinds.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [kinds[i], kinds[j]] = [kinds[j]!, kinds[i]!];
  }
  return kinds;
}
