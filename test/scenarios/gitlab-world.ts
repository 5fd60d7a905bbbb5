import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCommand } from '../../handlers/commands/parse-command.ts';
import { translateGitLabEvent } from '../../handlers/gitlab/translate-gitlab-event.ts';
import {
  createDefaultBranchNames,
  createGitLabApi,
  createGitLabForge,
  lookUpBotUserId,
} from '../../providers/forge/gitlab/index.ts';
import { serviceProviders } from '../../providers/services/api.ts';
import { createEngine } from '../../src/engine/engine.ts';
import type { ForgeEvent } from '../../src/engine/events.ts';
import type { Logger } from '../../src/engine/logger.ts';
import { loadDoc } from '../../src/engine/rollout-doc.ts';
import type { Clusters } from '../../src/ports/clusters.ts';
import type { WaveChecks } from '../../src/rollout/wave-checks.ts';
import { createFakeGitLab } from '../fakes/gitlab-server/index.ts';
import { type FakeMergeRequest, mergeInto } from '../fakes/gitlab-server/world.ts';
import { createMemoryStore } from '../fakes/memory-store.ts';
import { fleetYaml, releaseYaml, START } from './world.ts';

export const PROJECT = 'acme/fleet';
export const KEY = `gitlab:${PROJECT}:promtail`;
const CLUSTERS = ['test-1', 'test-2', 'dev-1', 'dev-2', 'prod-1', 'prod-2'];
const FIXTURES = join(import.meta.dirname, '../fixtures/gitlab-webhooks');
const fixture = (name: string) => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));

/**
 * The fleet repository on the fake GitLab (msw, GitLab's documented answers), reached by the real
 * GitLab adapter over gitbeaker at `host` (gitlab.com, or a self-managed instance under a path
 * prefix), driven by GitLab's documented webhook bodies through the real GitLab event translation,
 * with instant GitOps clusters and a scripted soak judge. A request the fake does not serve is kept
 * in `unhandled()` (and fails the request), so a scenario can fail on it.
 */
export async function createGitLabWorld(host: string) {
  let now = new Date(START);
  const fake = createFakeGitLab({ host, project: PROJECT, now: () => now.getTime() });
  const { world } = fake;
  const root = world.repo.commit({
    parents: [],
    files: new Map([
      ['guard/fleet.yaml', fleetYaml()],
      ...CLUSTERS.map((c): [string, string] => [`clusters/${c}/promtail.yaml`, releaseYaml(c, '6.15.0')]),
    ]),
    message: 'fleet',
    author: 'alice',
  });
  world.repo.branches.set('main', root.sha);
  const api = createGitLabApi({ host, token: 'glpat-scenario', fetch: fake.fetch });
  const botUserId = await lookUpBotUserId(api);
  const deployed = new Map(CLUSTERS.map((c) => [c, '6.15.0']));
  const syncFromGit = () => {
    const files = world.repo.resolve('main')!.files;
    for (const c of CLUSTERS) {
      const version = /version: '([^']+)'/.exec(files.get(`clusters/${c}/promtail.yaml`) ?? '')?.[1];
      if (version) deployed.set(c, version);
    }
  };
  const logs: { level: string; message: string; fields: object }[] = [];
  const store = createMemoryStore(() => now.getTime());
  /** One GUARD process: its engine, and adapters sharing one memo of names kept in the store too. */
  const makeEngine = (owner: string) => {
    // Shared by the adapters, as the server shares it (handlers/server/forge-for.ts).
    const branchNames = createDefaultBranchNames({ now: () => now.getTime(), store: store.reopen() });
    return createEngine({
      store: store.reopen(),
      forgeFor: async () =>
        createGitLabForge({
          api,
          project: PROJECT,
          botUserId,
          retry: { sleep: async () => {}, now: () => now.getTime() },
          branchNames,
        }),
      portsFor: () => ({ clusters: clustersOf(deployed), checks: passingChecks() }),
      providers: { lookup: (id) => serviceProviders.get(id), ids: [...serviceProviders.keys()] },
      clock: () => now,
      log: logger(logs, {}),
      owner,
      parseCommand,
      timers: { setTimeout: () => 0, clearTimeout: () => {} },
    });
  };
  let engine = makeEngine('replica-1');
  let deliveries = 0;
  const deliver = async (event: ForgeEvent) => {
    await engine.sink.deliver({ id: `gl-${++deliveries}`, event });
    await engine.idle();
  };
  const translate = (header: string, payload: unknown): ForgeEvent => {
    const { event } = translateGitLabEvent(header, payload) as { event?: ForgeEvent };
    if (!event) throw new Error(`the ${header} payload translated to no event`);
    return event;
  };

  return {
    fake,
    world,
    logs,
    deployed,
    now: () => now,
    deliver,
    /** Somebody pushes `files` to main; answers the Push Hook event GitLab would send. */
    push(files: Record<string, string>): ForgeEvent {
      const before = world.repo.branches.get('main')!;
      const parent = world.repo.resolve(before)!;
      const commit = world.repo.commit({
        parents: [before],
        files: new Map([...parent.files, ...Object.entries(files)]),
        message: 'request an upgrade',
        author: 'alice',
      });
      world.repo.branches.set('main', commit.sha);
      return translate('Push Hook', pushHook(host, before, commit.sha, Object.keys(files)));
    },
    /** `alice` pushes `files` to `branch` and opens an MR from it; answers the Merge Request Hook event. */
    propose(branch: string, files: Record<string, string>): ForgeEvent {
      const base = world.repo.resolve('main')!;
      const commit = world.repo.commit({
        parents: [base.sha],
        files: new Map([...base.files, ...Object.entries(files)]),
        message: 'propose a request',
        author: 'alice',
      });
      world.repo.branches.set(branch, commit.sha);
      const mr: FakeMergeRequest = {
        id: world.nextId(),
        iid: world.mergeRequests.length + 1,
        source_branch: branch,
        target_branch: 'main',
        title: 'Upgrade promtail',
        description: '',
        state: 'opened',
        labels: [],
        author: 'alice',
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
        merged_at: null,
        closed_at: null,
        merge_commit_sha: null,
      };
      world.mergeRequests.push(mr);
      return translate('Merge Request Hook', mergeRequestHook(host, mr, 'open', commit.sha));
    },
    /** A person merges the open MR of `branch`; answers the Merge Request Hook event. */
    merge(branch: string): ForgeEvent {
      const mr = world.mergeRequests.findLast((m) => m.source_branch === branch && m.state === 'opened');
      if (!mr) throw new Error(`no open MR from ${branch} on the fake GitLab`);
      mergeInto(world, mr);
      syncFromGit();
      return translate('Merge Request Hook', mergeRequestHook(host, mr, 'merge', mr.merged_refs!.head));
    },
    async tick() {
      await engine.tick();
      await engine.idle();
    },
    /** Ticks every minute for `totalMs`, as the cron would. */
    async soakFor(totalMs: number) {
      for (let t = 0; t < totalMs; t += 60_000) {
        now = new Date(now.getTime() + 60_000);
        await engine.tick();
        await engine.idle();
      }
    },
    /** A new process on the same store and GitLab, its memory empty: a restart, or a second replica. */
    async restart(owner = 'replica-1') {
      await engine.stop();
      engine = makeEngine(owner);
    },
    state: async () => (await loadDoc(store, KEY)).doc?.state,
    mrOf: (branch: string) => world.mergeRequests.findLast((m) => m.source_branch === branch),
    unhandled: fake.unhandled,
  };
}

/** docs.gitlab.com/user/project/integrations/webhook_events/#push-events, for this push. */
function pushHook(host: string, before: string, after: string, paths: string[]) {
  const hook = fixture('push.json');
  const web = `${host}/${PROJECT}`;
  Object.assign(hook, { before, after, checkout_sha: after, ref: 'refs/heads/main', total_commits_count: 1 });
  Object.assign(hook.project, { path_with_namespace: PROJECT, default_branch: 'main', web_url: web });
  hook.commits = [{ ...hook.commits[0], id: after, added: [], modified: paths, removed: [] }];
  return hook;
}

/** docs.gitlab.com/user/project/integrations/webhook_events/#merge-request-events, for this MR. */
function mergeRequestHook(host: string, mr: FakeMergeRequest, action: 'open' | 'merge', head: string) {
  const hook = fixture(action === 'open' ? 'merge-request-open.json' : 'merge-request-merge.json');
  Object.assign(hook.user, { username: 'alice' });
  Object.assign(hook.project, { path_with_namespace: PROJECT, web_url: `${host}/${PROJECT}` });
  Object.assign(hook.object_attributes, {
    iid: mr.iid,
    action,
    state: mr.state,
    source_branch: mr.source_branch,
    target_branch: mr.target_branch,
    source_project_id: 42,
    target_project_id: 42,
    url: `${host}/${PROJECT}/-/merge_requests/${mr.iid}`,
    last_commit: { ...hook.object_attributes.last_commit, id: head },
  });
  return hook;
}

function clustersOf(deployed: Map<string, string>): Clusters {
  return {
    apiStatus: async () => ({ ready: true, version: '1.29' }),
    notReadyNodes: async () => [],
    workloads: async () => [],
    applied: async (cluster, _release, version) =>
      deployed.get(cluster) === version
        ? { state: 'applied' }
        : { state: 'pending', reason: `runs ${deployed.get(cluster)}` },
    list: async () => [],
    restart: async () => {},
    events: async () => [],
  };
}

function passingChecks(): WaveChecks {
  return {
    async prechecks(input) {
      return {
        passed: true,
        title: `prechecks passed: ${input.clusters.length} clusters`,
        markdown: `<!-- guard:precheck -->\n${input.clusters.map((c) => `- ${c.name} ✅`).join('\n')}`,
        rows: [],
      };
    },
    async soak(input) {
      return {
        verdicts: Object.fromEntries(input.clusters.map((c) => [c.name, 'pass' as const])),
        title: 'healthy',
        markdown: 'all checks pass',
        baseline: input.baseline ?? { captured: input.now.toISOString() },
      };
    },
  };
}

function logger(logs: { level: string; message: string; fields: object }[], bindings: object): Logger {
  const at = (level: string) => (fields: object, message: string) =>
    logs.push({ level, message, fields: { ...bindings, ...fields } });
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (more) => logger(logs, { ...bindings, ...more }),
  };
}

export type GitLabWorld = Awaited<ReturnType<typeof createGitLabWorld>>;
