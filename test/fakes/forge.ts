import { createHash } from 'node:crypto';
import {
  BranchMovedError,
  type CheckSpec,
  type Forge,
  type MergeRequest,
  type Permission,
  type Thread,
} from '../../src/ports/forge.ts';

interface Commit {
  sha: string;
  parent?: string;
  files: Map<string, string>;
  message: string;
}

export interface FakeComment {
  id: number;
  body: string;
  author: string;
  reactions: string[];
}

export interface FakeIssue {
  number: number;
  author: string;
  title: string;
  body: string;
  labels: string[];
  open: boolean;
}

/** A write the fake forge performed, in order (for crash injection and counting). */
export interface ForgeWrite {
  verb: string;
  detail: string;
}

/**
 * An in-memory forge behind the Forge port for scenario tests: a git history (commits, branches),
 * MRs, comments, reactions, checks, issues and permissions, with the port's idempotency rules
 * (look before create). Tests act as people through `merge`, `close`, `reopen`, `push`, and can
 * make the forge fail: `crashAfterWrite(n)` lets the n-th write happen and then throws, as a process
 * dying right after the forge answered; `failNext(n)` answers the next n calls with a 502.
 */
export function createFakeForge(options: {
  kind?: 'github' | 'gitlab';
  files: Record<string, string>;
  bot?: string;
}) {
  const kind = options.kind ?? 'github';
  const bot = options.bot ?? 'guard[bot]';
  const commits = new Map<string, Commit>();
  const branches = new Map<string, string>();
  const mrs: (MergeRequest & { base: string })[] = [];
  const comments = new Map<string, FakeComment[]>();
  const checks = new Map<string, CheckSpec>();
  const checkHistory: CheckSpec[] = [];
  const issues: FakeIssue[] = [];
  const permissions = new Map<string, Permission>();
  const teams = new Map<string, string[]>();
  const writes: ForgeWrite[] = [];
  let numbers = 0;
  let ids = 0;
  let crashAt: number | undefined;
  let failures = 0;
  let calls = 0;
  const onMerge: ((mr: MergeRequest, changed: Map<string, string>) => void)[] = [];

  const commit = (parent: string | undefined, files: Map<string, string>, message: string): string => {
    const sha = createHash('sha1')
      .update(`${parent}\n${message}\n${[...files].sort().join('\n')}\n${commits.size}`)
      .digest('hex');
    commits.set(sha, { sha, ...(parent ? { parent } : {}), files, message });
    return sha;
  };
  const resolve = (ref: string): Commit => {
    const c = commits.get(branches.get(ref) ?? ref);
    if (!c) throw new Error(`fake forge: no ref ${ref}`);
    return c;
  };
  branches.set('main', commit(undefined, new Map(Object.entries(options.files)), 'initial'));

  const refusals = new Map<string, number>();
  const call = (verb?: string) => {
    calls += 1;
    const status = verb ? refusals.get(verb) : undefined;
    if (status !== undefined) {
      throw Object.assign(new Error(`fake forge: ${verb} refused with ${status}`), { status });
    }
    if (failures > 0) {
      failures -= 1;
      throw Object.assign(new Error('fake forge: 502 Bad Gateway'), { status: 502 });
    }
  };
  const wrote = (verb: string, detail: string) => {
    writes.push({ verb, detail });
    if (crashAt !== undefined && writes.length >= crashAt) {
      crashAt = undefined;
      throw new CrashError(`crash after write ${writes.length} (${verb})`);
    }
  };
  const threadKey = (t: Thread) => `${t.kind}:${t.number}`;
  const view = (mr: MergeRequest & { base: string }): MergeRequest => {
    const { base: _base, ...rest } = mr;
    return { ...rest, labels: [...mr.labels], headSha: branches.get(mr.branch) ?? mr.headSha };
  };

  const forge: Forge = {
    kind,
    async defaultBranch() {
      call();
      return { name: 'main', sha: branches.get('main')! };
    },
    async readFiles(ref, paths) {
      call();
      const c = resolve(ref);
      return new Map(paths.map((p) => [p, c.files.get(p)]));
    },
    async listFiles(ref, dir) {
      call();
      return [...resolve(ref).files.keys()].filter((p) => p.startsWith(dir)).sort();
    },
    async ensureBranchCommit({ branch, base, message, changes, reset }) {
      call();
      const existing = branches.get(branch);
      if (existing) {
        const head = resolve(existing);
        const onBase = head.parent === resolve(base).sha;
        const same = changes.every((c) => head.files.get(c.path) === c.content);
        if (same && (onBase || !reset)) return { sha: existing, created: false };
        if (!reset) throw new BranchMovedError(`${branch} moved`);
      }
      const files = new Map(resolve(base).files);
      for (const c of changes) files.set(c.path, c.content);
      const sha = commit(resolve(base).sha, files, message);
      branches.set(branch, sha);
      wrote('commit', branch);
      return { sha, created: true };
    },
    async findMergeRequest(branch) {
      call();
      const found = mrs.filter((m) => m.branch === branch).at(-1);
      return found && view(found);
    },
    async getMergeRequest(number) {
      call();
      const found = mrs.find((m) => m.number === number);
      return found && view(found);
    },
    async changedFiles(number) {
      call();
      const mr = mrs.find((m) => m.number === number);
      if (!mr) return [];
      return changedBetween(resolve(mr.base), resolve(mr.branch));
    },
    async ensureMergeRequest({ branch, target, title, body, labels }) {
      call();
      const open = mrs.find((m) => m.branch === branch && m.state === 'open');
      if (open) {
        if (open.title !== title || open.labels.join() !== labels.join()) {
          Object.assign(open, { title, labels: [...labels] });
          wrote('update-mr', `!${open.number}`);
        }
        return view(open);
      }
      const head = branches.get(branch);
      if (!head) throw new Error(`fake forge: no branch ${branch}`);
      numbers += 1;
      const mr = {
        number: numbers,
        url: `https://forge.test/acme/fleet/pull/${numbers}`,
        branch,
        title,
        state: 'open' as const,
        headSha: head,
        labels: [...labels],
        author: bot,
        target,
        base: resolve(target).sha,
        body,
      };
      mrs.push(mr);
      wrote('open-mr', `!${mr.number} ${branch}`);
      return view(mr);
    },
    async closeMergeRequest(number, comment) {
      call();
      const mr = mrs.find((m) => m.number === number);
      if (mr?.state !== 'open') return;
      addComment({ kind: 'mr', number }, comment, bot);
      wrote('comment', `!${number}`);
      mr.state = 'closed';
      wrote('close-mr', `!${number}`);
    },
    async mergeMergeRequest(number) {
      call('mergeMergeRequest');
      const mr = mrs.find((m) => m.number === number);
      if (!mr) throw new Error(`fake forge: no MR !${number}`);
      if (mr.state === 'open') {
        mergeNow(mr);
        wrote('merge-mr', `!${number}`);
      }
      return view(mr);
    },
    async ensureComment({ on, marker, body }) {
      call();
      const list = comments.get(threadKey(on)) ?? [];
      const found = list.find((c) => c.author === bot && c.body.includes(marker));
      if (found) {
        if (found.body !== body) {
          found.body = body;
          wrote('edit-comment', `${threadKey(on)} ${marker}`);
        }
        return { id: found.id, created: false };
      }
      const id = addComment(on, body.includes(marker) ? body : `${body}\n${marker}`, bot);
      wrote('comment', `${threadKey(on)} ${marker}`);
      return { id, created: true };
    },
    async addComment({ on, body }) {
      call();
      const id = addComment(on, body, bot);
      wrote('comment', threadKey(on));
      return { id };
    },
    async addReaction({ on, commentId, reaction }) {
      call();
      const c = comments.get(threadKey(on))?.find((x) => x.id === commentId);
      if (c && !c.reactions.includes(reaction)) {
        c.reactions.push(reaction);
        wrote('reaction', `${commentId}`);
      }
    },
    async setCheck(spec) {
      call();
      checks.set(`${spec.sha}:${spec.name}`, { ...spec });
      checkHistory.push({ ...spec });
      wrote('check', `${spec.name} ${spec.state}`);
    },
    async permission(login) {
      call();
      return permissions.get(login) ?? 'read';
    },
    async teamsOf(login) {
      call();
      return teams.get(login) ?? [];
    },
    async ensureIssue({ marker, title, body, labels, open }) {
      call();
      const found = issues.find((i) => i.author === bot && i.body.includes(marker));
      if (found) {
        const changed = found.title !== title || found.body !== body || found.open !== open;
        Object.assign(found, { title, body, labels: [...labels], open });
        if (changed) wrote(open ? 'edit-issue' : 'close-issue', `#${found.number}`);
        return { number: found.number, url: `https://forge.test/acme/fleet/issues/${found.number}` };
      }
      numbers += 1;
      issues.push({ number: numbers, author: bot, title, body, labels: [...labels], open });
      wrote('open-issue', `#${numbers}`);
      return { number: numbers, url: `https://forge.test/acme/fleet/issues/${numbers}` };
    },
  };

  function addComment(on: Thread, body: string, author: string): number {
    ids += 1;
    comments.set(threadKey(on), [
      ...(comments.get(threadKey(on)) ?? []),
      { id: ids, body, author, reactions: [] },
    ]);
    return ids;
  }

  function mergeNow(mr: MergeRequest & { base: string }): void {
    const head = resolve(mr.branch);
    const changed = new Map<string, string>();
    for (const path of changedBetween(resolve(mr.base), head)) changed.set(path, head.files.get(path)!);
    const files = new Map(resolve('main').files);
    for (const [p, text] of changed) files.set(p, text);
    const sha = commit(branches.get('main'), files, `Merge !${mr.number}`);
    branches.set('main', sha);
    Object.assign(mr, { state: 'merged', mergeSha: sha, mergedAt: new Date(0).toISOString() });
    for (const hook of onMerge) hook(view(mr), changed);
  }

  return {
    forge,
    /** People's actions. */
    merge(number: number, at: Date) {
      const mr = mrs.find((m) => m.number === number);
      if (mr?.state !== 'open') throw new Error(`fake forge: !${number} is not open`);
      mergeNow(mr);
      mr.mergedAt = at.toISOString();
    },
    close(number: number) {
      const mr = mrs.find((m) => m.number === number)!;
      mr.state = 'closed';
    },
    reopen(number: number) {
      const mr = mrs.find((m) => m.number === number)!;
      mr.state = 'open';
    },
    /** Somebody commits `files` to the default branch. */
    push(files: Record<string, string | undefined>, message = 'edit') {
      const next = new Map(resolve('main').files);
      for (const [p, text] of Object.entries(files)) {
        if (text === undefined) next.delete(p);
        else next.set(p, text);
      }
      const sha = commit(branches.get('main'), next, message);
      branches.set('main', sha);
      return sha;
    },
    /** A person opens an issue (returns its number). */
    openIssue(title: string, body: string) {
      numbers += 1;
      issues.push({ number: numbers, author: 'someone', title, body, labels: [], open: true });
      return numbers;
    },
    /** A person's comment (returns its id). */
    comment(on: Thread, body: string, author: string) {
      return addComment(on, body, author);
    },
    setPermission(login: string, permission: Permission, teamList: string[] = []) {
      permissions.set(login, permission);
      teams.set(login, teamList);
    },
    onMerge(hook: (mr: MergeRequest, changed: Map<string, string>) => void) {
      onMerge.push(hook);
    },
    crashAfterWrite(n: number) {
      crashAt = writes.length + n;
    },
    failNext(n: number) {
      failures = n;
    },
    /** Every call of `verb` fails with `status` (a 4xx the forge will keep answering), until cleared. */
    refuse(verb: 'mergeMergeRequest', status: number | undefined) {
      if (status === undefined) refusals.delete(verb);
      else refusals.set(verb, status);
    },
    /** Inspection. */
    file: (ref: string, path: string) => resolve(ref).files.get(path),
    branchHead: (branch: string) => branches.get(branch),
    mergeRequests: () => mrs.map(view),
    mrBody: (number: number) => (mrs.find((m) => m.number === number) as { body?: string } | undefined)?.body,
    comments: (on: Thread) => [...(comments.get(threadKey(on)) ?? [])],
    check: (sha: string, name: string) => checks.get(`${sha}:${name}`),
    checks: () => [...checkHistory],
    issues: () => issues.map((i) => ({ ...i })),
    writes: () => [...writes],
    calls: () => calls,
    branches: () => [...branches.keys()].sort(),
  };
}

export type FakeForge = ReturnType<typeof createFakeForge>;

/** Thrown by the fake forge after a write when a crash was injected: the "process" dies here. */
export class CrashError extends Error {
  override name = 'CrashError';
}

function changedBetween(base: Commit, head: Commit): string[] {
  const paths = new Set([...base.files.keys(), ...head.files.keys()]);
  return [...paths].filter((p) => base.files.get(p) !== head.files.get(p)).sort();
}
