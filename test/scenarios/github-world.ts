import { parseCommand } from '../../handlers/commands/parse-command.ts';
import { createForgeFor } from '../../handlers/server/forge-for.ts';
import { createServerMetrics } from '../../handlers/server/server-metrics.ts';
import type { OctokitLike } from '../../providers/forge/github/client.ts';
import { serviceProviders } from '../../providers/services/api.ts';
import { createEngine } from '../../src/engine/engine.ts';
import type { ForgeEvent } from '../../src/engine/events.ts';
import { silentLogger } from '../../src/engine/logger.ts';
import { loadDoc } from '../../src/engine/rollout-doc.ts';
import type { Clusters } from '../../src/ports/clusters.ts';
import type { RolloutState } from '../../src/rollout/model.ts';
import type { WaveChecks } from '../../src/rollout/wave-checks.ts';
import { FAKE_APP } from '../fakes/github-server/fake-app.ts';
import { createFakeGitHub } from '../fakes/github-server/index.ts';
import { mergePull } from '../fakes/github-server/pull-ops.ts';
import { createMemoryStore } from '../fakes/memory-store.ts';
import { productionProbot } from '../providers/forge/github/production-octokit.ts';
import { fleetYaml, KEY, releaseYaml, START } from './world.ts';

const CLUSTERS = ['test-1', 'test-2', 'dev-1', 'dev-2', 'prod-1', 'prod-2'];
const VERSION = /version: '([^']+)'/;

/**
 * The scenario world of world.ts with the real GitHub adapter as the forge: the engine reaches the
 * msw fake GitHub (github.com, or a GitHub Enterprise Server at `host`) through the server's own
 * `createForgeFor` on Probot's installation Octokit. Clusters apply whatever the default branch
 * says (instant GitOps); prechecks and soaks pass.
 */
export async function createGitHubWorld(options: { host?: string } = {}) {
  let now = new Date(START);
  const fake = createFakeGitHub({
    owner: 'acme',
    repo: 'fleet',
    now: () => now.getTime(),
    ...(options.host ? { host: options.host } : {}),
  });
  const s = fake.state;
  const files = new Map<string, string>([['guard/fleet.yaml', fleetYaml()]]);
  for (const c of CLUSTERS) files.set(`clusters/${c}/promtail.yaml`, releaseYaml(c, '6.15.0'));
  const initial = s.git.putCommit({
    tree: s.git.putTree(files),
    parents: [],
    message: 'fleet',
    date: s.iso(),
  });
  s.git.refs.set('main', initial.sha);

  // The server's Probot: REST base as GitHub documents it for the layout (GHES: https://<host>/api/v3).
  const { probot } = productionProbot({
    fetch: fake.fetch,
    ...(options.host ? { baseUrl: s.urls.rest } : {}),
  });
  const forgeFor = createForgeFor({
    github: {
      appId: FAKE_APP.id,
      auth: async (id?: number) => (await probot.auth(id)) as unknown as OctokitLike,
    },
    metrics: createServerMetrics(),
    log: silentLogger,
  });

  const deployedVersion = (cluster: string) =>
    VERSION.exec(s.git.files('main')?.get(`clusters/${cluster}/promtail.yaml`) ?? '')?.[1];
  const clusters: Clusters = {
    apiStatus: async () => ({ ready: true, version: '1.29' }),
    notReadyNodes: async () => [],
    workloads: async () => [],
    applied: async (cluster, _release, version) =>
      deployedVersion(cluster) === version
        ? { state: 'applied' }
        : { state: 'pending', reason: `runs ${deployedVersion(cluster)}` },
    list: async () => [],
    events: async () => [],
    restart: async () => {},
  };
  const checks: WaveChecks = {
    async prechecks(input) {
      return {
        passed: true,
        title: `prechecks passed: ${input.clusters.length} clusters`,
        markdown: `| cluster | api |\n|---|---|\n${input.clusters.map((c) => `| ${c.name} | ✅ |`).join('\n')}`,
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
  const store = createMemoryStore(() => now.getTime());
  const engine = createEngine({
    store,
    forgeFor,
    portsFor: () => ({ clusters, checks }),
    providers: { lookup: (id) => serviceProviders.get(id), ids: [...serviceProviders.keys()] },
    clock: () => now,
    log: silentLogger,
    owner: 'replica-1',
    parseCommand,
    timers: { setTimeout: () => 0, clearTimeout: () => {} },
  });
  const source = { forge: 'github', project: 'acme/fleet', installationId: FAKE_APP.installationId } as const;
  let deliveries = 0;

  return {
    fake,
    now: () => now,
    async deliver(event: ForgeEvent) {
      await engine.sink.deliver({ id: `d-${++deliveries}`, event });
      await engine.idle();
    },
    /** A person commits `changes` to the default branch; returns the push webhook's event. */
    push(changes: Record<string, string>): ForgeEvent {
      const after = s.git.commitOn('main', 'main', changes, 'edit guard/', s.iso());
      return {
        ...source,
        kind: 'push',
        branch: 'main',
        defaultBranch: true,
        after,
        paths: Object.keys(changes),
      };
    },
    /** The open pull request from `branch`, as the fake holds it. */
    pullOf(branch: string) {
      return [...s.pulls.values()].findLast((p) => p.head === branch && !p.fork);
    },
    /** A person merges pull request `number` on GitHub; returns the webhook's event. */
    merge(number: number): ForgeEvent {
      const pull = s.pulls.get(number);
      if (!pull) throw new Error(`no pull request #${number} on the fake GitHub`);
      mergePull(s, pull);
      return {
        ...source,
        kind: 'merge-request',
        action: 'merged',
        number,
        branch: pull.head,
        target: pull.base,
        headSha: s.pullHead(pull),
        author: pull.author,
        fromFork: false,
      };
    },
    /** The cron for `totalMs`, a tick a minute. */
    async soakFor(totalMs: number) {
      for (let t = 0; t < totalMs; t += 60_000) {
        now = new Date(now.getTime() + 60_000);
        await engine.tick();
        await engine.idle();
      }
    },
    async state(): Promise<RolloutState | undefined> {
      return (await loadDoc(store, KEY)).doc?.state;
    },
    stop: () => engine.stop(),
  };
}
