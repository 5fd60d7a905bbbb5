import type { components } from '@octokit/openapi-types';
import type { Permission } from '../../../src/ports/forge.ts';
import { GitStore } from './git-store.ts';
import { GITHUB_COM, type GitHubUrls } from './urls.ts';

export interface FakePull {
  number: number;
  title: string;
  body: string;
  head: string;
  base: string;
  state: 'open' | 'closed';
  mergedAt: string | null;
  mergeSha: string | null;
  /** Who merged it (the repository owner when a test merges it as a person). */
  mergedBy?: string;
  /** The head sha when the pull stopped following its branch (closed or merged). */
  frozenHead?: string;
  author: string;
  createdAt: string;
  /** A pull from a fork: the fork's owner and name, and its branch's head commit there. */
  fork?: { owner: string; repo: string; sha: string };
}

export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  author: string;
}

export interface FakeComment {
  id: number;
  issue: number;
  /** Login of who wrote it; GUARD writes as `guard[bot]` (GUARD_LOGIN). */
  author: string;
  body: string;
  reactions: string[];
  createdAt: string;
}

export interface FakeCheckRun {
  id: number;
  sha: string;
  name: string;
  appId: number;
  status: components['schemas']['check-run']['status'];
  conclusion: components['schemas']['check-run']['conclusion'];
  startedAt: string;
  completedAt: string | null;
  title: string;
  summary: string;
  detailsUrl?: string;
  annotations: { path: string; start_line: number; annotation_level: string; message: string }[];
  batches: number[];
}

/** Everything the fake GitHub holds for one repository. */
export class FakeGitHubState {
  readonly git = new GitStore();
  defaultBranch = 'main';
  readonly pulls = new Map<number, FakePull>();
  readonly issues = new Map<number, FakeIssue>();
  readonly labelsOf = new Map<number, string[]>();
  readonly labels = new Map<string, { name: string; color: string; description: string | null }>();
  readonly comments: FakeComment[] = [];
  readonly checkRuns: FakeCheckRun[] = [];
  permissions: Record<string, Permission> = {};
  teams: Record<string, string[]> = {};
  private ids = 1000;
  private numbers = 0;

  /** Installation tokens the fake issued to GUARD's App (docs: "Authenticating as a GitHub App installation"). */
  readonly tokens = new Set<string>();

  readonly owner: string;
  readonly repo: string;
  readonly now: () => number;
  readonly urls: GitHubUrls;

  constructor(owner: string, repo: string, now: () => number, urls: GitHubUrls = GITHUB_COM) {
    this.owner = owner;
    this.repo = repo;
    this.now = now;
    this.urls = urls;
  }

  /** The REST base of this repository (`…/repos/{owner}/{repo}`). */
  get repoApi(): string {
    return `${this.urls.rest}/repos/${this.owner}/${this.repo}`;
  }

  nextId(): number {
    this.ids += 1;
    return this.ids;
  }

  /** Issues and pull requests share one sequence of numbers, as on GitHub. */
  nextNumber(): number {
    this.numbers += 1;
    return this.numbers;
  }

  iso(): string {
    return new Date(this.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  pullHead(pull: FakePull): string {
    return pull.frozenHead ?? pull.fork?.sha ?? this.git.refs.get(pull.head) ?? '';
  }

  addLabel(name: string): void {
    if (!this.labels.has(name)) this.labels.set(name, { name, color: 'ededed', description: null });
  }
}
