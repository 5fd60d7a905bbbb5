import type { CheckSpec, ForgeKind, MergeRequest, Permission, Thread } from '../../../src/ports/forge.ts';
import { FakeForgeError } from './faults.ts';
import { createFakeGit, type FakeGit } from './git.ts';

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

/** An MR as the forge stores it; `fork` is set when its head branch lives in someone's fork. */
export interface FakeMergeRequest extends MergeRequest {
  /** The target's head when it was opened: what the MR's diff is taken against. */
  base: string;
  body: string;
  fork?: { owner: string };
}

/** A write the fake forge performed, in order (for crash injection and counting). */
export interface ForgeWrite {
  verb: string;
  detail: string;
}

/** Thrown by the fake forge after a write when a crash was injected: the "process" dies here. */
export class CrashError extends Error {
  override name = 'CrashError';
}

export const threadKey = (t: Thread) => `${t.kind}:${t.number}`;

/** Everything the fake forge holds, shared by its port methods and the people acting on it. */
export function createForgeState(options: {
  kind: ForgeKind;
  bot: string;
  defaultBranch: string;
  files: Record<string, string>;
  now: () => Date;
}) {
  const git: FakeGit = createFakeGit(options.defaultBranch);
  git.reset(options.defaultBranch, options.files);
  const writes: ForgeWrite[] = [];
  // GitHub numbers issues and pull requests in one sequence; GitLab keeps an iid sequence for each.
  const numbers = { mr: 0, issue: 0 };
  let ids = 0;
  let crashAt: number | undefined;

  const state = {
    kind: options.kind,
    bot: options.bot,
    now: options.now,
    git,
    mrs: [] as FakeMergeRequest[],
    comments: new Map<string, FakeComment[]>(),
    checks: new Map<string, CheckSpec>(),
    checkHistory: [] as CheckSpec[],
    /** Annotations per setCheck call, by `sha:name`. */
    annotationCalls: new Map<string, number[]>(),
    issues: [] as FakeIssue[],
    permissions: new Map<string, Permission>(),
    teams: new Map<string, string[]>(),
    writes,
    onMerge: [] as ((mr: MergeRequest, changed: Map<string, string>) => void)[],
    nextNumber(kind: 'mr' | 'issue'): number {
      if (options.kind === 'github') {
        numbers.mr = numbers.issue = Math.max(numbers.mr, numbers.issue) + 1;
        return numbers.mr;
      }
      numbers[kind] += 1;
      return numbers[kind];
    },
    nextId: () => ++ids,
    wrote(verb: string, detail: string): void {
      writes.push({ verb, detail });
      if (crashAt !== undefined && writes.length >= crashAt) {
        crashAt = undefined;
        throw new CrashError(`crash after write ${writes.length} (${verb})`);
      }
    },
    crashAfterWrite(n: number): void {
      crashAt = writes.length + n;
    },
    /** The thread must exist: the forge answers 404 for a comment on nothing. */
    thread(on: Thread): FakeComment[] {
      const exists =
        on.kind === 'mr'
          ? state.mrs.some((m) => m.number === on.number)
          : state.issues.some((i) => i.number === on.number);
      if (!exists) throw new FakeForgeError(404, `no ${on.kind} ${on.number} to comment on`);
      const key = threadKey(on);
      const list = state.comments.get(key) ?? [];
      state.comments.set(key, list);
      return list;
    },
    /**
     * A comment on the thread. GUARD's go through `thread` (the forge answers 404 for a thread that
     * does not exist); `anywhere` is for people's comment events, which may name a thread deleted since.
     */
    addComment(on: Thread, body: string, author: string, anywhere = false): number {
      const id = state.nextId();
      const key = threadKey(on);
      const list = anywhere ? (state.comments.get(key) ?? []) : state.thread(on);
      list.push({ id, body, author, reactions: [] });
      state.comments.set(key, list);
      return id;
    },
    /** The head of the branch an MR comes from (its fork's branch for a fork MR). */
    branchHead(mr: FakeMergeRequest): string | undefined {
      return mr.fork ? git.forkHeads.get(`${mr.fork.owner}:${mr.branch}`) : git.branches.get(mr.branch);
    },
    /** An MR stops following its branch once merged or closed; a later push to the branch is not its. */
    setState(mr: FakeMergeRequest, next: MergeRequest['state']): void {
      if (mr.state === 'open') mr.headSha = state.branchHead(mr) ?? mr.headSha;
      mr.state = next;
    },
    /** The MR as the port shows it: an open one's head follows its branch. */
    view(mr: FakeMergeRequest): MergeRequest {
      const { base: _base, body: _body, fork, ...rest } = mr;
      const head = mr.state === 'open' ? (state.branchHead(mr) ?? mr.headSha) : mr.headSha;
      return { ...rest, labels: [...mr.labels], headSha: head, fromFork: fork !== undefined };
    },
  };
  return state;
}

export type ForgeState = ReturnType<typeof createForgeState>;
