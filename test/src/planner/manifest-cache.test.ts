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

/** A snapshot of files a … e that counts each read. */
function countingRepo(): { repo: RepoSnapshot; reads: Map<string, number> } {
  const files = Object.fromEntries(['a', 'b', 'c', 'd', 'e'].map((n) => [`${n}.yaml`, RELEASE(n)]));
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
});
