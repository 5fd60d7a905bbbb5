import type { ForgeHarness, ForgeSeed } from '../forge-harness.ts';

/** What each part of the forge contract sees: a fresh harness per test. */
export interface ForgeContractContext {
  readonly h: ForgeHarness;
}

/** A small fleet repository on `main`, with two people who may act and one who may not. */
export const SEED: ForgeSeed = {
  defaultBranch: 'main',
  files: {
    'README.md': '# fleet\n',
    'guard/fleet.yaml': 'clusters:\n  - name: eu-1\n',
    'clusters/eu-1/istio.yaml': 'version: 1.22.0\n',
    'clusters/us-1/istio.yaml': 'version: 1.22.0\n',
    'clusters-extra/note.txt': 'not below clusters/\n',
  },
  permissions: { alice: 'write', bob: 'admin', dora: 'read' },
  teams: { alice: ['acme/platform', 'acme/sre'], bob: ['acme/platform'] },
};

/** Seeds `SEED` plus `extra` files; returns the default branch head. */
export async function seedFleet(h: ForgeHarness, extra: Record<string, string> = {}): Promise<string> {
  h.seed({ ...SEED, files: { ...SEED.files, ...extra } });
  return (await h.forge.defaultBranch()).sha;
}

/** `count` files named `dir/file-000.yaml`… with distinct contents. */
export function manyFiles(dir: string, count: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++) files[`${dir}/file-${String(i).padStart(3, '0')}.yaml`] = `n: ${i}\n`;
  return files;
}

/** A branch someone pushed with `files` changed, and the MR GUARD opens from it. */
export async function openMergeRequest(h: ForgeHarness, branch: string, files: Record<string, string>) {
  h.pushOutside(branch, files);
  return h.forge.ensureMergeRequest({
    branch,
    target: 'main',
    title: `guard: istio 1.23.0 → ${branch}`,
    body: 'Upgrades istio.',
    labels: ['guard', 'guard/wave'],
  });
}
