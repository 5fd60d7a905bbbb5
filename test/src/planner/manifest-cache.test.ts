import { describe, expect, it } from 'vitest';
import { ManifestCache } from '../../../src/planner/manifest-cache.ts';
import { type RepoSnapshot, snapshotOf } from '../../../src/repo/repo-snapshot.ts';

const RELEASE = (chart: string) => `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: { name: ${chart} }
spec:
  chart:
    spec: { chart: ${chart}, version: 1.0.0 }
`;

/** A snapshot of files a … e (or the names given) that counts each read. */
function countingRepo(names = ['a', 'b', 'c', 'd', 'e']): { repo: RepoSnapshot; reads: Map<string, number> } {
  const files = Object.fromEntries(names.map((n) => [`${n}.yaml`, RELEASE(n)]));
  const inner = snapshotOf(files);
  const reads = new Map<string, number>();
  return {
    reads,
    repo: {
      list: inner.list,
      read: (path) => {
        reads.set(path, (reads.get(path) ?? 0) + 1);
        return inner.read(path);
      },
    },
  };
}

describe('ManifestCache', () => {
  it('reads a file once while it is among the most recently used, and again once it was let go', () => {
    const { repo, reads } = countingRepo();
    const cache = new ManifestCache(repo, { capacity: 2 });
    const first = cache.get('a.yaml');
    cache.get('b.yaml');
    expect(cache.get('a.yaml')).toBe(first); // a is now the more recent of the two
    cache.get('c.yaml'); // lets b go, not a
    expect(cache.get('a.yaml')).toBe(first);
    expect(reads.get('a.yaml')).toBe(1);
    cache.get('b.yaml'); // read again; c was used less recently than a
    expect(reads.get('b.yaml')).toBe(2);
    cache.get('a.yaml');
    cache.get('c.yaml');
    expect(reads.get('a.yaml')).toBe(1);
    expect(reads.get('c.yaml')).toBe(2);
  });

  it('keeps a file that every cluster reads while each cluster reads its own', () => {
    const { repo, reads } = countingRepo();
    const cache = new ManifestCache(repo, { capacity: 2 });
    for (const own of ['b', 'c', 'd', 'e', 'b', 'c']) {
      cache.get('a.yaml');
      cache.get(`${own}.yaml`);
    }
    expect(reads.get('a.yaml')).toBe(1);
    expect(reads.get('b.yaml')).toBe(2);
    expect(cache.get('a.yaml').file?.docs).toHaveLength(1);
  });

  it('answers a file it cannot read with a diagnostic, and asks again only once it was let go', () => {
    const { repo, reads } = countingRepo();
    const cache = new ManifestCache(repo, { capacity: 1 });
    const missing = cache.get('missing.yaml');
    expect(missing.file).toBeUndefined();
    expect(missing.diagnostics).toEqual([
      { file: 'missing.yaml', line: 1, col: 1, message: 'cannot be read as text', severity: 'error' },
    ]);
    expect(cache.get('missing.yaml')).toBe(missing);
    cache.get('a.yaml');
    cache.get('missing.yaml');
    expect(reads.get('missing.yaml')).toBe(2);
  });

  it('keeps only the last few files read once, however much room is left', () => {
    const names = Array.from({ length: 20 }, (_, i) => `own${i}`);
    const { repo, reads } = countingRepo(names);
    const cache = new ManifestCache(repo, { capacity: 64 });
    for (const name of names) cache.get(`${name}.yaml`);
    // The last eight are still held; the first was let go though 44 slots are free.
    for (const name of names.slice(-8)) cache.get(`${name}.yaml`);
    expect(names.slice(-8).map((n) => reads.get(`${n}.yaml`))).toEqual(Array(8).fill(1));
    cache.get('own0.yaml');
    expect(reads.get('own0.yaml')).toBe(2);
  });

  it('keeps a file that clusters share far apart once it was asked for a second time', () => {
    // Twenty regions, clusters in no useful order: each region's file comes back only after
    // nineteen other regions' files and twenty clusters' own files.
    const regions = Array.from({ length: 20 }, (_, i) => `region${i}`);
    const owns = Array.from({ length: 60 }, (_, i) => `own${i}`);
    const { repo, reads } = countingRepo([...regions, ...owns]);
    const cache = new ManifestCache(repo, { capacity: 64 });
    for (let round = 0; round < 3; round += 1)
      regions.forEach((region, i) => {
        cache.get(`${region}.yaml`);
        cache.get(`own${round * 20 + i}.yaml`);
      });
    // At most let go after its first use (too many files came between), remembered, and kept from
    // the second on: read at most twice, not once per cluster.
    expect(regions.every((r) => reads.get(`${r}.yaml`)! <= 2)).toBe(true);
    expect(owns.every((o) => reads.get(`${o}.yaml`) === 1)).toBe(true);
  });
});
