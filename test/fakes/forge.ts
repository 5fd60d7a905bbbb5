import { forges } from '../../providers/forge/api.ts';
import type { Forge, ForgeKind, MergeRequest, Permission, Thread } from '../../src/ports/forge.ts';
import { createFaults, type ForgeFailure } from './forge/faults.ts';
import { changedBetween } from './forge/git.ts';
import { mergeNow, mergeRequestVerbs } from './forge/merge-requests.ts';
import { createForgeState, type FakeMergeRequest, threadKey } from './forge/state.ts';
import { threadVerbs } from './forge/threads.ts';

export { FakeForgeError, type ForgeFailure } from './forge/faults.ts';
export { CrashError, type FakeComment, type FakeIssue, type ForgeWrite } from './forge/state.ts';

/** Port verbs that only read: a GET on the real forges. */
const READS = new Set<keyof Forge>([
  'defaultBranch',
  'readFiles',
  'listFiles',
  'findMergeRequest',
  'getMergeRequest',
  'changedFiles',
  'permission',
  'teamsOf',
]);

/**
 * An in-memory forge behind the Forge port for scenario tests and the demo: a git history (commits,
 * branches, forks), MRs, comments, reactions, checks, issues and permissions, with the adapters'
 * rules for what is GUARD's own (look before create). It runs the same forge contract as the GitHub
 * and GitLab adapters (test/fakes/forge.contract.test.ts). Tests act as people through `merge`,
 * `close`, `reopen`, `push`, `comment`, `openIssueAs`, `openForkMergeRequest`, and disturb it:
 * `crashAfterWrite(n)` lets the n-th write happen and then throws, as a process dying right after
 * the forge answered; `failNext(n, kind)` makes the next n tries fail, retried as the adapters retry;
 * `refuse(verb, status)` answers a 4xx until cleared; `rateLimit(verb, ms)` meets a long rate limit until cleared.
 */
export function createFakeForge(options: {
  kind?: ForgeKind;
  files: Record<string, string>;
  bot?: string;
  defaultBranch?: string;
  /** Merge time of MRs merged through the port (default: the epoch). */
  now?: () => Date;
}) {
  const kind = options.kind ?? 'github';
  const s = createForgeState({
    kind,
    bot: options.bot ?? 'guard[bot]',
    defaultBranch: options.defaultBranch ?? 'main',
    files: options.files,
    now: options.now ?? (() => new Date(0)),
  });
  const { git } = s;
  const faults = createFaults(kind);

  const verbs: Omit<Forge, 'kind' | 'terms'> = {
    async defaultBranch() {
      return { name: git.defaultBranch, sha: git.resolve(git.defaultBranch).sha };
    },
    async readFiles(ref, paths) {
      const c = git.resolve(ref);
      return new Map(paths.map((p) => [p, c.files.get(p)]));
    },
    async listFiles(ref, dir) {
      const prefix = dir === '' ? '' : `${dir.replace(/\/+$/, '')}/`;
      return [...git.resolve(ref).files.keys()].filter((p) => p.startsWith(prefix)).sort();
    },
    ...mergeRequestVerbs(s),
    ...threadVerbs(s),
  };
  const forge = { kind, terms: forges[kind].terms } as Forge;
  for (const [verb, fn] of Object.entries(verbs) as [keyof typeof verbs, (...a: unknown[]) => unknown][]) {
    Object.assign(forge, {
      [verb]: async (...args: unknown[]) => {
        faults.attempt(verb, READS.has(verb) ? 'GET' : 'POST');
        return fn(...args);
      },
    });
  }

  const openIssueAs = (user: string, issue: { title: string; body: string; labels: readonly string[] }) => {
    const number = s.nextNumber('issue');
    s.issues.push({ number, author: user, ...issue, labels: [...issue.labels], open: true });
    return number;
  };
  const mr = (number: number): FakeMergeRequest => {
    const found = s.mrs.find((m) => m.number === number);
    if (!found) throw new Error(`fake forge: no MR !${number}`);
    return found;
  };

  return {
    forge,
    /** People's actions. */
    merge(number: number, at: Date) {
      const found = mr(number);
      if (found.state !== 'open') throw new Error(`fake forge: !${number} is not open`);
      mergeNow(s, found, at);
    },
    close(number: number) {
      s.setState(mr(number), 'closed');
    },
    reopen(number: number) {
      s.setState(mr(number), 'open');
    },
    /** Somebody commits `files` to the default branch (undefined removes a file). */
    push(files: Record<string, string | undefined>, message = 'edit') {
      return git.commitOn(git.defaultBranch, files, message, 'someone');
    },
    /** Somebody commits `files` onto `branch` (created from the default branch when missing). */
    pushTo(branch: string, files: Record<string, string | undefined>, message = 'outside push') {
      return git.commitOn(branch, files, message, 'someone');
    },
    /** A person opens an issue (returns its number). */
    openIssue: (title: string, body: string) => openIssueAs('someone', { title, body, labels: [] }),
    /** `user` opens an issue, labelled as a triager could (returns its number). */
    openIssueAs,
    /** `user` opens an MR into the default branch from `branch` of their fork, carrying `files`. */
    openForkMergeRequest(input: { user: string; branch: string; files: Record<string, string> }) {
      const base = git.resolve(git.defaultBranch);
      const files = new Map([...base.files, ...Object.entries(input.files)]);
      const head = git.commit([base.sha], files, 'from a fork', input.user);
      git.forkHeads.set(`${input.user}:${input.branch}`, head);
      const number = s.nextNumber('mr');
      s.mrs.push({
        number,
        url: `https://forge.test/acme/fleet/${kind === 'github' ? 'pull' : '-/merge_requests'}/${number}`,
        branch: input.branch,
        title: `${input.user}'s change`,
        body: 'from a fork',
        state: 'open',
        headSha: head,
        labels: [],
        author: input.user,
        target: git.defaultBranch,
        base: base.sha,
        fork: { owner: input.user },
      });
      return number;
    },
    /** A person's comment (returns its id). */
    comment(on: Thread, body: string, author: string) {
      return s.addComment(on, body, author, true);
    },
    setPermission(login: string, permission: Permission, teamList: string[] = []) {
      s.permissions.set(login, permission);
      s.teams.set(login, teamList);
    },
    /** Replaces repository and people: one root commit with `files` on `defaultBranch`. */
    seed(input: {
      defaultBranch: string;
      files: Record<string, string>;
      permissions?: Record<string, Permission>;
      teams?: Record<string, string[]>;
    }) {
      git.reset(input.defaultBranch, input.files);
      s.permissions.clear();
      s.teams.clear();
      for (const [login, p] of Object.entries(input.permissions ?? {})) s.permissions.set(login, p);
      for (const [login, t] of Object.entries(input.teams ?? {})) s.teams.set(login, [...t]);
    },
    onMerge(hook: (mr: MergeRequest, changed: Map<string, string>) => void) {
      s.onMerge.push(hook);
    },
    crashAfterWrite: s.crashAfterWrite,
    failNext(n: number, failure: ForgeFailure = 'server-error') {
      faults.failNext(n, failure);
    },
    /** Every call of `verb` fails with `status` (a 4xx the forge will keep answering), until cleared. */
    refuse(verb: keyof Forge, status: number | undefined) {
      faults.refuse(verb, status);
    },
    /**
     * Every call of `verb` meets a rate limit asking for `retryAfterMs`, which the adapters hand on as
     * a RateLimitedError (a wait too long to sleep through), until cleared with undefined.
     */
    rateLimit(verb: keyof Forge, retryAfterMs: number | undefined) {
      faults.limit(verb, retryAfterMs);
    },
    /** Each try of a port call, in order: the fake's requests. */
    requests: faults.requests,
    resetRequests: faults.resetRequests,
    /** Inspection. */
    file: (ref: string, path: string) => git.tryResolve(ref)?.files.get(path),
    branchHead: (branch: string) => git.branches.get(branch),
    /** Commits on `branch` not reachable from the default branch, oldest first. */
    commitsAhead(branch: string) {
      const head = git.branches.get(branch);
      if (!head) return [];
      const onDefault = git.ancestors(git.resolve(git.defaultBranch).sha);
      const ahead: { sha: string; message: string; parents: string[] }[] = [];
      for (let c = git.commits.get(head); c && !onDefault.has(c.sha); c = git.commits.get(c.parents[0]!)) {
        ahead.unshift({ sha: c.sha, message: c.message, parents: [...c.parents] });
      }
      return ahead;
    },
    changedOn: (number: number) => {
      const found = mr(number);
      return changedBetween(git.resolve(found.base), git.resolve(s.view(found).headSha));
    },
    mergeRequests: () => s.mrs.map(s.view),
    mrBody: (number: number) => s.mrs.find((m) => m.number === number)?.body,
    comments: (on: Thread) => [...(s.comments.get(threadKey(on)) ?? [])],
    check: (sha: string, name: string) => s.checks.get(`${sha}:${name}`),
    /** The latest state of each named check on `sha`. */
    checksOn: (sha: string) => [...s.checks.values()].filter((c) => c.sha === sha),
    /** Annotations each setCheck call carried, for one check. */
    annotationCalls: (sha: string, name: string) => [...(s.annotationCalls.get(`${sha}:${name}`) ?? [])],
    checks: () => [...s.checkHistory],
    issues: () => s.issues.map((i) => ({ ...i, labels: [...i.labels] })),
    writes: () => [...s.writes],
    /** Port calls made (each counts once, however many tries it took). */
    calls: faults.calls,
    branches: () => [...git.branches.keys()].sort(),
  };
}

export type FakeForge = ReturnType<typeof createFakeForge>;
