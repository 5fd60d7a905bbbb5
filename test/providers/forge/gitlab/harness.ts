import {
  createGitLabApi,
  createGitLabForge,
  type DefaultBranchNames,
} from '../../../../providers/forge/gitlab/index.ts';
import type { CheckSpec, MergeRequest, Permission, Thread } from '../../../../src/ports/forge.ts';
import type { ForgeHarness, ForgeSeed, ForgeView } from '../../../contract/forge-harness.ts';
import { createFakeGitLab, type FakeGitLab } from '../../../fakes/gitlab-server/index.ts';
import { openForkMergeRequest, openIssueAs, postAs } from '../../../fakes/gitlab-server/outsiders.ts';
import { group, mergeInto, mrHead, userId } from '../../../fakes/gitlab-server/world.ts';

const HOST = 'https://gitlab.example.com';
const PROJECT = 'acme/fleet';
const ACCESS: Record<Permission, number | undefined> = {
  none: undefined,
  read: 20,
  triage: 20,
  write: 30,
  maintain: 40,
  admin: 50,
};
const PORT_STATE: Record<string, CheckSpec['state']> = {
  pending: 'pending',
  running: 'pending',
  success: 'success',
  failed: 'failure',
  canceled: 'failure',
};

/** The contract harness plus what GitLab-only tests need: the fake itself and the waits asked for. */
export interface GitLabHarness extends ForgeHarness {
  fake: FakeGitLab;
  /** Every wait the adapter asked for, in milliseconds (the clock moved by each; nothing slept). */
  sleeps: number[];
}

/**
 * The GitLab adapter on a fresh fake GitLab, with a clock that only moves when the adapter waits.
 * The adapter is given the token's user id, as the server gives it (resolved once per process);
 * `askBotUser` leaves it out, so the adapter asks `GET /user` itself. `host` may carry a
 * self-managed path prefix (`https://example.com/gitlab`).
 * `branchNames` is shared by every adapter `freshForge` makes, as a server shares it.
 */
export function makeGitLabHarness(
  options: { askBotUser?: boolean; host?: string; branchNames?: DefaultBranchNames } = {},
): GitLabHarness {
  let clock = Date.parse('2025-03-01T10:00:00Z');
  const sleeps: number[] = [];
  const host = options.host ?? HOST;
  const fake = createFakeGitLab({ host, project: PROJECT, now: () => clock });
  const api = createGitLabApi({ host, token: 'glpat-test-token', fetch: fake.fetch });
  const sleep = async (ms: number) => {
    sleeps.push(ms);
    clock += ms;
  };
  const { world } = fake;
  const make = () =>
    createGitLabForge({
      api,
      project: PROJECT,
      retry: { sleep, now: () => clock, random: () => 0.5 },
      ...(options.askBotUser ? {} : { botUserId: userId(world, world.botUser) }),
      ...(options.branchNames ? { branchNames: options.branchNames } : {}),
    });

  return {
    forge: make(),
    freshForge: make,
    fake,
    sleeps,
    seed: (input) => seed(fake, input),
    failNext(kind, times) {
      const reset = String(Math.ceil(clock / 1000) + 30);
      const answers = {
        'rate-limit': {
          status: 429,
          body: 'Retry later\n',
          headers: { 'ratelimit-remaining': '0', 'ratelimit-reset': reset },
        },
        'secondary-limit': { status: 429, body: 'Retry later\n', headers: { 'retry-after': '1' } },
        'server-error': { status: 502, body: '502 Bad Gateway' },
      } as const;
      fake.inject({ ...answers[kind], times });
    },
    pushOutside(branch, files) {
      const base = world.repo.resolve(branch) ?? world.repo.resolve(world.project.defaultBranch)!;
      const commit = world.repo.commit({
        parents: [base.sha],
        files: new Map([...base.files, ...Object.entries(files)]),
        message: 'someone else',
        author: 'someone',
      });
      world.repo.branches.set(branch, commit.sha);
      return commit.sha;
    },
    setMergeRequestState(number, state) {
      const mr = world.mergeRequests.find((m) => m.iid === number);
      if (!mr) throw new Error(`no MR !${number} in the fake`);
      if (state === 'merged') mergeInto(world, mr);
      else mr.state = state === 'open' ? 'opened' : 'closed';
    },
    postAs: (user, on, body) => postAs(world, user, on, body),
    openIssueAs: (user, issue) => openIssueAs(world, user, issue),
    openForkMergeRequest: (input) => openForkMergeRequest(world, input),
    requests: fake.requests,
    resetRequests: fake.resetRequests,
    view: makeView(fake),
  };
}

function seed(fake: FakeGitLab, input: ForgeSeed): void {
  const { world } = fake;
  world.project.defaultBranch = input.defaultBranch;
  const root = world.repo.commit({
    parents: [],
    files: new Map(Object.entries(input.files)),
    message: 'initial',
    author: 'someone',
  });
  world.repo.branches.set(input.defaultBranch, root.sha);
  for (const [login, permission] of Object.entries(input.permissions ?? {})) {
    const level = ACCESS[permission];
    const id = userId(world, login);
    if (level !== undefined) world.projectMembers.set(id, level);
  }
  for (const [login, teams] of Object.entries(input.teams ?? {})) {
    for (const team of teams) {
      group(world, team).members.set(userId(world, login), 30);
      if (!world.sharedWithGroups.includes(team)) world.sharedWithGroups.push(team);
    }
  }
}

function makeView(fake: FakeGitLab): ForgeView {
  const { world } = fake;
  const { repo } = world;
  const threadKey = (on: Thread) => `${on.kind}:${on.number}`;
  return {
    branchHead: (branch) => repo.branches.get(branch),
    commitsAhead(branch) {
      const head = repo.branches.get(branch);
      if (!head) return [];
      const onDefault = new Set(repo.ancestors(repo.branches.get(world.project.defaultBranch)!));
      return repo
        .ancestors(head)
        .filter((sha) => !onDefault.has(sha))
        .reverse()
        .map((sha) => ({
          sha,
          message: repo.commits.get(sha)!.message,
          parents: [...repo.commits.get(sha)!.parents],
        }));
    },
    file: (ref, path) => repo.resolve(ref)?.files.get(path),
    mergeRequests: () =>
      world.mergeRequests.map(
        (mr): MergeRequest => ({
          number: mr.iid,
          url: `${world.host}/${world.project.path}/-/merge_requests/${mr.iid}`,
          branch: mr.source_branch,
          title: mr.title,
          state: mr.state === 'opened' ? 'open' : mr.state,
          headSha: mrHead(world, mr),
          labels: [...mr.labels],
          author: mr.author,
          fromFork: mr.fork !== undefined,
          target: mr.target_branch,
        }),
      ),
    comments: (on) =>
      (world.notes.get(threadKey(on)) ?? []).map((n) => ({
        id: n.id,
        body: n.body,
        reactions: n.awards.map((a) => a.name),
      })),
    checks(sha) {
      const latest = new Map(world.statuses.filter((s) => s.sha === sha).map((s) => [s.name, s]));
      return [...latest.values()].map((s) => ({
        sha,
        name: s.name,
        state: PORT_STATE[s.status] ?? 'pending',
        title: s.description ?? '',
        summary: '',
        ...(s.target_url ? { detailsUrl: s.target_url } : {}),
      }));
    },
    annotationBatches: () => [],
    issues: () =>
      world.issues.map((i) => ({
        number: i.iid,
        title: i.title,
        body: i.description,
        labels: [...i.labels],
        open: i.state === 'opened',
      })),
  };
}
