import { expect } from 'vitest';
import { requestYaml, type World, waveBranch } from './world.ts';

/** The request lands on the default branch and its push webhook arrives. */
export async function requestUpgrade(w: World, version = '6.16.0', extra = ''): Promise<void> {
  await w.deliver(w.push({ 'guard/upgrade.yaml': requestYaml(version, extra) }));
}

/** A person merges the open MR of `batch`'s wave; its webhook arrives. Returns the MR number. */
export async function mergeWave(w: World, batch: string, version = '6.16.0'): Promise<number> {
  const mr = w.mrOf(waveBranch(batch, version));
  expect(mr?.state, `the ${batch} wave MR is open`).toBe('open');
  w.forge.merge(mr!.number, w.now());
  await w.deliver(w.mrEvent(mr!.number, 'merged'));
  return mr!.number;
}

/** Runs the rollout through `batches`: merge each wave and soak it past its end. */
export async function passWaves(w: World, batches: readonly string[], version = '6.16.0'): Promise<void> {
  for (const batch of batches) {
    await mergeWave(w, batch, version);
    await w.soakFor(21 * 60_000);
  }
}

/** The version each cluster's file holds on `ref`. */
export function versionsIn(w: World, ref: string, clusters: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    clusters.map((c) => [
      c,
      /version: '([^']+)'/.exec(w.forge.file(ref, `clusters/${c}/promtail.yaml`) ?? '')?.[1] ?? '?',
    ]),
  );
}
