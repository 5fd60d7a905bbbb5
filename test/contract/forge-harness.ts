import type { CheckSpec, Forge, MergeRequest, Permission, Thread } from '../../src/ports/forge.ts';

/**
 * What test/contract/forge.contract.ts needs from each forge adapter's test set-up: the adapter, wired
 * through msw to an in-memory fake of the forge's HTTP API (GitHub REST + GraphQL, GitLab REST +
 * GraphQL), plus ways to seed, disturb and inspect that fake. Each adapter's test file builds one
 * harness per test (`makeHarness`) and calls the contract once. Unhandled requests fail the test.
 * The in-memory forge the scenarios run on has a harness too (test/fakes/forge-harness.ts), giving
 * the HTTP-shaped operations their nearest in-memory meaning.
 */
export interface ForgeHarness {
  readonly forge: Forge;

  /**
   * Another adapter on the same fake, with no memory of `forge`'s writes: what the next reconcile
   * gets, so tests can check what the adapter finds by looking rather than by remembering.
   */
  freshForge(): Forge;

  /** Repository content and people. Called once, before the test uses `forge`. */
  seed(input: ForgeSeed): void;

  /**
   * The next `times` requests the adapter makes fail like the forge does under load:
   * `rate-limit` = 429 (GitLab) or 403 primary limit with `x-ratelimit-remaining: 0` (GitHub), with
   * reset headers; `secondary-limit` = GitHub 403 "secondary rate limit" with `retry-after: 1`
   * (GitLab: 429 with `Retry-After: 1`); `server-error` = 502. The adapter retries a short limit
   * and a 502 and hands a spent quota on as a RateLimitedError; tests run with a clock/sleep the
   * harness controls so no test waits for real.
   */
  failNext(kind: 'rate-limit' | 'secondary-limit' | 'server-error', times: number): void;

  /** Somebody else pushes a commit changing `files` onto `branch` (created from default when missing). */
  pushOutside(branch: string, files: Record<string, string>): string;

  /** Somebody merges or closes MR `number` on the forge (a human action the engine must observe). */
  setMergeRequestState(number: number, state: 'merged' | 'closed' | 'open'): void;

  /**
   * Someone other than GUARD (`user`, a login or username) comments on an MR or issue; returns the
   * comment id. Anyone who may comment can copy GUARD's hidden markers into their text.
   */
  postAs(user: string, on: Thread, body: string): number;

  /** Someone other than GUARD opens an issue, labelled as a triager could; returns its number. */
  openIssueAs(user: string, issue: { title: string; body: string; labels: readonly string[] }): number;

  /**
   * `user` opens an MR into the default branch from `branch` of their fork (a branch of the same
   * name as GUARD's, in another repository); returns its number.
   */
  openForkMergeRequest(input: { user: string; branch: string; files: Record<string, string> }): number;

  /** Every request the adapter sent since the last `resetRequests`, in order. */
  requests(): readonly { method: string; url: string }[];
  resetRequests(): void;

  /** Read-only views of the fake forge, for assertions. */
  view: ForgeView;
}

export interface ForgeSeed {
  defaultBranch: string;
  /** Files on the default branch's head commit. */
  files: Record<string, string>;
  /** Repository permission per user (everyone else: `none`, or `read` on a public repository). */
  permissions?: Record<string, Permission>;
  /** Team (GitHub `org/slug`) or group (GitLab full path) memberships per user. */
  teams?: Record<string, string[]>;
}

export interface ForgeView {
  /** Head commit sha of a branch, undefined when there is no such branch. */
  branchHead(branch: string): string | undefined;
  /** Commits on `branch` that are not on the default branch, oldest first. */
  commitsAhead(branch: string): readonly { sha: string; message: string; parents: string[] }[];
  /** A file's text at a ref (branch name or sha). */
  file(ref: string, path: string): string | undefined;
  mergeRequests(): readonly MergeRequest[];
  /** Comments on an MR or issue, oldest first, with the reactions each carries. */
  comments(on: Thread): readonly { id: number; body: string; reactions: string[] }[];
  /** The latest state of each named check/status on `sha`, with everything it was given. */
  checks(sha: string): readonly CheckSpec[];
  /**
   * Annotations the forge received for a check, one number per request (GitLab: always empty; the
   * in-memory forge: one number per setCheck call).
   */
  annotationBatches(sha: string, name: string): readonly number[];
  issues(): readonly { number: number; title: string; body: string; labels: string[]; open: boolean }[];
}
