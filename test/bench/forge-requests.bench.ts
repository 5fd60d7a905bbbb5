// Forge request counts for opening a wave MR over N clusters, per forge, and for GitLab's head read
// after a restart. Figures only, no assertions.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createDefaultBranchNames } from '../../providers/forge/gitlab/index.ts';
import type { ForgeHarness } from '../contract/forge-harness.ts';
import { createMemoryStore } from '../fakes/memory-store.ts';
import { makeGitHubHarness } from '../providers/forge/github/harness.ts';

const SIZES = [1, 10, 100, 500];

interface Row {
  n: number;
  read: number;
  open: number;
  detail: string;
}

const count = (h: ForgeHarness) => {
  const n = h.requests().length;
  h.resetRequests();
  return n;
};

/** Reads N cluster files, then opens the wave MR: commit, MR, sticky precheck comment, check. */
async function measure(makeHarness: () => ForgeHarness | Promise<ForgeHarness>, n: number): Promise<Row> {
  const h = await makeHarness();
  const files: Record<string, string> = { 'guard/fleet.yaml': 'clusters: []\n' };
  for (let i = 0; i < n; i++) files[`clusters/c${i}/istio.yaml`] = `version: 1.22.0 # c${i}\n`;
  h.seed({ defaultBranch: 'main', files });
  h.resetRequests();

  const base = (await h.forge.defaultBranch()).sha;
  const paths = Object.keys(files).filter((p) => p.startsWith('clusters/'));
  const texts = await h.forge.readFiles(base, paths);
  const read = count(h);

  const branch = `guard/istio/1.23.0/wave-${n}`;
  const changes = paths.map((path) => ({
    path,
    content: (texts.get(path) ?? '').replace('1.22.0', '1.23.0'),
  }));
  const steps: [string, () => Promise<unknown>][] = [
    ['commit', () => h.forge.ensureBranchCommit({ branch, base, message: 'istio 1.23.0', changes })],
    [
      'mr',
      () =>
        h.forge.ensureMergeRequest({
          branch,
          target: 'main',
          title: 't',
          body: 'b',
          labels: ['guard', 'guard/wave'],
        }),
    ],
  ];
  const perStep: string[] = [];
  let sha = '';
  let mr = 0;
  for (const [name, step] of steps) {
    const result = (await step()) as { sha?: string; headSha?: string; number?: number };
    sha = result.sha ?? result.headSha ?? sha;
    mr = result.number ?? mr;
    perStep.push(`${name} ${count(h)}`);
  }
  await h.forge.ensureComment({
    on: { kind: 'mr', number: mr },
    marker: '<!-- guard:precheck -->',
    body: 'pending',
  });
  perStep.push(`comment ${count(h)}`);
  await h.forge.setCheck({
    sha,
    name: 'guard/precheck',
    state: 'pending',
    title: 'running',
    summary: 'running',
  });
  perStep.push(`check ${count(h)}`);
  const open = perStep.reduce((sum, s) => sum + Number(s.split(' ')[1]), 0);
  return { n, read, open, detail: perStep.join(', ') };
}

async function table(name: string, makeHarness: () => ForgeHarness | Promise<ForgeHarness>): Promise<void> {
  console.log(`${name}: requests to read N files (incl. default branch) and to open a wave MR`);
  console.log('      N   read  target  open-MR  (per step)');
  for (const n of SIZES) {
    const row = await measure(makeHarness, n);
    const target = 2 + Math.ceil(n / 50);
    console.log(
      `  ${String(n).padStart(5)}  ${String(row.read).padStart(5)}  ${String(target).padStart(6)}  ${String(row.open).padStart(7)}  (${row.detail})`,
    );
  }
}

/**
 * GitLab requests for a tick's head read (a soaking rollout's only one): the first ever, a later
 * tick, and the first tick of a restarted process whose default branch names are kept in a state
 * store, or only in memory (two requests: the project, then its branch).
 */
async function gitlabHeads(): Promise<void> {
  const { makeGitLabHarness } = await import('../providers/forge/gitlab/harness.ts');
  const measureWith = async (durable: boolean) => {
    const store = createMemoryStore();
    const memo = () => createDefaultBranchNames(durable ? { store: store.reopen() } : {});
    let names = memo();
    const h = makeGitLabHarness({
      branchNames: {
        get: (p) => names.get(p),
        set: (p, n) => names.set(p, n),
        forget: (p, n) => names.forget(p, n),
      },
    });
    h.seed({ defaultBranch: 'main', files: { 'guard/fleet.yaml': 'clusters: []\n' } });
    h.resetRequests();
    const read = async () => {
      await h.freshForge().defaultBranch();
      return count(h);
    };
    const first = await read();
    const later = await read();
    names = memo(); // a restart: fresh adapters and memory, the same store
    return `first ${first}, later ${later}, first after a restart ${await read()}`;
  };
  console.log("gitlab: requests for a tick's head read (target after a restart: 1, as later)");
  console.log(`  names in the state store: ${await measureWith(true)}`);
  console.log(`  names in memory only:     ${await measureWith(false)}`);
}

await table('github', () => makeGitHubHarness());
const gitlab = join(import.meta.dirname, '../providers/forge/gitlab/harness.ts');
if (existsSync(gitlab)) {
  const module = (await import(gitlab)) as { makeGitLabHarness?: () => ForgeHarness | Promise<ForgeHarness> };
  if (module.makeGitLabHarness) await table('gitlab', module.makeGitLabHarness);
  await gitlabHeads();
} else {
  console.log('gitlab: test/providers/forge/gitlab/harness.ts is not there yet');
}
