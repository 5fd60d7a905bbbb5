/** Every forge GUARD speaks to; the prefix of a rollout key (`github:acme/fleet:istio`). */
export const FORGE_KINDS = ['github', 'gitlab'] as const;
export type ForgeKind = (typeof FORGE_KINDS)[number];

/**
 * The forge (GitHub or GitLab) as the engine sees it: a few idempotent verbs that find their earlier
 * work before creating anything, so a reconcile repeated after a crash, a redelivered webhook or a
 * second replica completes a half-done action instead of repeating it. Adapters live in
 * providers/forge/{github,gitlab}; both pass test/contract/forge.contract.ts.
 */
export interface Forge {
  readonly kind: ForgeKind;
  /** How this forge names things to people (command help and refusals are worded with it). */
  readonly terms: ForgeTerms;
  /** The default branch and its head commit. */
  defaultBranch(): Promise<{ name: string; sha: string }>;
  /** The files' texts at `ref` (undefined for a missing file), read in batches. */
  readFiles(ref: string, paths: readonly string[]): Promise<Map<string, string | undefined>>;
  /** Every file below `dir` at `ref` ("" for the whole tree), sorted. */
  listFiles(ref: string, dir: string): Promise<string[]>;
  /**
   * Makes `branch` point at one commit on top of `base` carrying `changes`. An existing branch whose
   * head already carries exactly these changes is left alone (`created: false`); a branch moved by
   * someone else is not overwritten (throws BranchMovedError).
   */
  ensureBranchCommit(input: BranchCommit): Promise<{ sha: string; created: boolean }>;
  /** The newest MR from `branch`, in any state. */
  findMergeRequest(branch: string): Promise<MergeRequest | undefined>;
  /** One MR by number, in any state; undefined when there is none. */
  getMergeRequest(number: number): Promise<MergeRequest | undefined>;
  /** Paths an MR changes (added, modified, removed or renamed: both names), for the plan preview. */
  changedFiles(number: number): Promise<string[]>;
  /** Finds the open MR from `branch` or opens it; updates title, body and labels when they differ. */
  ensureMergeRequest(input: MergeRequestSpec): Promise<MergeRequest>;
  /** Closes an open MR, with a comment saying why; a closed or merged MR is left as it is. */
  closeMergeRequest(number: number, comment: string): Promise<void>;
  /** Merges an open MR (rollback `autoMerge`); a merged MR is left as it is. */
  mergeMergeRequest(number: number): Promise<MergeRequest>;
  /** GUARD's own comment carrying `marker` (never someone else's copy), edited in place, or created once. */
  ensureComment(input: {
    on: Thread;
    marker: string;
    body: string;
  }): Promise<{ id: number; created: boolean }>;
  /** A new, separate comment (event comments, command replies). */
  addComment(input: { on: Thread; body: string }): Promise<{ id: number }>;
  /** 👀 on a comment, to say a command was accepted. Adding it twice changes nothing. */
  addReaction(input: { on: Thread; commentId: number; reaction: 'eyes' }): Promise<void>;
  /** GitHub check run or GitLab commit status named `name` on `sha`, created or updated. */
  setCheck(input: CheckSpec): Promise<void>;
  /** The actor's permission on this repository, looked up live. */
  permission(login: string): Promise<Permission>;
  /** Teams (GitHub `org/team`) or groups (GitLab full paths) the actor belongs to. */
  teamsOf(login: string): Promise<string[]>;
  /** GUARD's own issue carrying `marker` (the rollout dashboard), created or updated; `open: false` closes it. */
  ensureIssue(input: IssueSpec): Promise<{ number: number; url: string }>;
}

/** GUARD's own issue (the rollout dashboard): found by `marker`, made to match the rest. */
export interface IssueSpec {
  marker: string;
  title: string;
  body: string;
  labels: readonly string[];
  /** `false` closes it; `true` opens or reopens it. */
  open: boolean;
}

/**
 * How a forge names things to people, so that core text (command help, refusals) never branches on
 * which forge it is: each adapter brings its own (providers/forge/<kind>/terms.ts).
 */
export interface ForgeTerms {
  /** `pull request` (GitHub), `merge request` (GitLab). */
  mergeRequest: string;
  /** What fleet.yaml `commands:` rule memberships are called: `teams` (GitHub), `groups` (GitLab). */
  teams: string;
  /**
   * Whether a rule's bare team name (no `/`) matches the membership `<org>/<name>`. GitHub: yes, its
   * memberships come from the repository owner's organisation only. GitLab: no, anyone can create a
   * group, so `oncall` must not match `someone/oncall`.
   */
  bareTeamNames: boolean;
  /** The forge's name for each level it has (GitLab has no triage role: absent). */
  levels: Partial<Record<Permission, string>>;
  /** What a command needs, given the level names joined: `write or admin permission`, `the Owner role`. */
  requirement(levels: string): string;
  /** Where the permission is held: `on this repository`, `in this project`. */
  scope: string;
  /** The actor's own level, in a refusal: `you have read`, `your role is Developer`. */
  yours(level: Permission): string;
}

export interface FileChange {
  path: string;
  content: string;
}

export interface BranchCommit {
  branch: string;
  /** Commit the branch starts from (the default branch head the plan was made on). */
  base: string;
  message: string;
  changes: readonly FileChange[];
  /**
   * The branch's content belongs to an earlier attempt whose MRs are all closed or merged (a retry
   * of the same version reuses its branch name): replace whatever it holds with one commit on `base`
   * instead of refusing it as someone else's work.
   */
  reset?: boolean;
}

export interface MergeRequestSpec {
  branch: string;
  target: string;
  title: string;
  body: string;
  labels: readonly string[];
}

export interface MergeRequest {
  /** GitHub pull request number or GitLab merge request iid. */
  number: number;
  url: string;
  branch: string;
  title: string;
  state: 'open' | 'merged' | 'closed';
  headSha: string;
  mergeSha?: string;
  /** ISO 8601. */
  mergedAt?: string;
  labels: string[];
  /** Login of the MR's author (to tell GUARD's own MRs from people's). */
  author?: string;
  /** The MR comes from a fork: the plan preview must not use credentials on its behalf. */
  fromFork?: boolean;
  /** The branch it merges into. */
  target?: string;
}

/** Where a comment goes: an MR or an issue (the dashboard). */
export type Thread = { kind: 'mr'; number: number } | { kind: 'issue'; number: number };

/**
 * A check on a commit. Where each forge shows what a check found: GitHub's check run carries the
 * title, the summary and the annotations itself. A GitLab commit status has one line (the title, at
 * most 255 characters) and one link, so the GitLab adapter puts the rest where GitLab shows text and
 * links the status to it: the comment `detailsComment` names (an MR's sticky comment that lists the
 * problems already), or else, when an annotation is a failure, one note on the commit with the summary,
 * which it edits in place on a re-run (found by a hidden marker per check name, written by GUARD's
 * user). The engine therefore states the problems once, here, for both forges; it never posts
 * commit comments itself.
 */
export interface CheckSpec {
  sha: string;
  /** `guard/request`, `guard/plan`, `guard/precheck` or `guard/soak`. */
  name: string;
  state: 'pending' | 'success' | 'failure' | 'neutral';
  /** One line (GitLab status description, ≤ 255 characters): with problems, the first and how many more. */
  title: string;
  /** Markdown (GitHub check summary, ≤ 65,535 characters; GitLab: the commit note). */
  summary: string;
  /** Problems pinned to a file and line (GitHub: annotations; GitLab: listed in the summary's note). */
  annotations?: readonly {
    path: string;
    line: number;
    /** 1-based, when known. */
    column?: number;
    message: string;
    level: 'failure' | 'warning' | 'notice';
  }[];
  /** A link for the check (GitHub `details_url`, GitLab `target_url`); wins over the adapter's own. */
  detailsUrl?: string;
  /**
   * A comment that already lists this check's details (the plan preview's sticky comment on its
   * MR): GitLab links the status to it rather than writing a note on the commit. GitHub shows the
   * check's own summary and annotations, and ignores it.
   */
  detailsComment?: { on: Thread; id: number };
}

/** GitHub's permission names; GitLab access levels are mapped onto them. */
export type Permission = 'none' | 'read' | 'triage' | 'write' | 'maintain' | 'admin';

/**
 * A sticky comment's or issue's body as stored: the marker leads it (hidden in rendered markdown) so
 * it can be found again, unless the body already carries it.
 */
export function withMarker(marker: string, body: string): string {
  return body.includes(marker) ? body : `${marker}\n${body}`;
}

/** The branch moved since it was read: someone else pushed; decide again from what is there now. */
export class BranchMovedError extends Error {
  override name = 'BranchMovedError';
}
