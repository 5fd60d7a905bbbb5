import { describe, expect, it } from 'vitest';
import { checkPathTemplate, compileGlob, expandPathTemplate } from '../../../src/repo/path-template.ts';
import { matchFiles, type RepoSnapshot, snapshotOf } from '../../../src/repo/repo-snapshot.ts';

describe('checkPathTemplate', () => {
  it.each([
    'clusters/{cluster}/istio/*.yaml',
    'clusters/{environment}/{region}/{batch}/{cluster}.yaml',
    '**/promtail.yaml',
    'clusters/{cluster}/..hidden/values.yaml',
    'a.b/c',
  ])('accepts %s', (template) => {
    const problem = checkPathTemplate(template);

    expect(problem).toBeUndefined();
  });

  it.each([
    ['/clusters/{cluster}.yaml', 'must be a path relative to the repository root'],
    ['C:/clusters/{cluster}.yaml', 'must be a path relative to the repository root'],
    ['c:clusters/{cluster}.yaml', 'must be a path relative to the repository root'],
    ['clusters\\{cluster}.yaml', 'must use "/" as the separator'],
    ['../other/{cluster}.yaml', "must stay inside the repository (no '..')"],
    ['clusters/../../etc/passwd', "must stay inside the repository (no '..')"],
    ['clusters/{cluster}/..', "must stay inside the repository (no '..')"],
    ['clusters//{cluster}.yaml', "must not contain empty or '.' path segments"],
    ['clusters/{cluster}/', "must not contain empty or '.' path segments"],
    ['', "must not contain empty or '.' path segments"],
    ['./clusters/{cluster}.yaml', "must not contain empty or '.' path segments"],
    ['clusters/./{cluster}.yaml', "must not contain empty or '.' path segments"],
    [
      'clusters/{name}.yaml',
      'has an unknown placeholder {name} (allowed: {cluster}, {environment}, {region}, {batch})',
    ],
    [
      'clusters/{Cluster}.yaml',
      'has an unknown placeholder {Cluster} (allowed: {cluster}, {environment}, {region}, {batch})',
    ],
    [
      'clusters/{}.yaml',
      'has an unknown placeholder {} (allowed: {cluster}, {environment}, {region}, {batch})',
    ],
    ['clusters/{cluster.yaml', 'has an unbalanced "{" or "}"'],
    ['clusters/cluster}.yaml', 'has an unbalanced "{" or "}"'],
    ['clusters/{cluster}}.yaml', 'has an unbalanced "{" or "}"'],
  ])('rejects %j: %s', (template, message) => {
    const problem = checkPathTemplate(template);

    expect(problem).toBe(message);
  });
});

describe('expandPathTemplate', () => {
  it('fills all four placeholders from the cluster entry', () => {
    const values = { cluster: 'prod-use1', environment: 'prod', region: 'us-east-1', batch: 'prod-wave-1' };

    const path = expandPathTemplate('{environment}/{region}/{batch}/{cluster}/istio.yaml', values);

    expect(path).toBe('prod/us-east-1/prod-wave-1/prod-use1/istio.yaml');
  });

  it('fills a placeholder every time it occurs', () => {
    const path = expandPathTemplate('clusters/{cluster}/{cluster}.yaml', { cluster: 't1' });

    expect(path).toBe('clusters/t1/t1.yaml');
  });

  it('keeps the glob characters for matching later', () => {
    const path = expandPathTemplate('clusters/{cluster}/**/*.yaml', { cluster: 't1' });

    expect(path).toBe('clusters/t1/**/*.yaml');
  });

  it('returns a template without placeholders unchanged', () => {
    const path = expandPathTemplate('shared/promtail.yaml', {});

    expect(path).toBe('shared/promtail.yaml');
  });

  it('returns undefined when a placeholder has no value, such as a cluster without a region', () => {
    const path = expandPathTemplate('clusters/{region}/{cluster}.yaml', {
      cluster: 't1',
      environment: 'test',
    });

    expect(path).toBeUndefined();
  });
});

describe('compileGlob: prefix', () => {
  it.each([
    ['clusters/t1/istio/*.yaml', 'clusters/t1/istio/'],
    ['clusters/t1/is*o/values.yaml', 'clusters/t1/'],
    ['clusters/t1/**/values.yaml', 'clusters/t1/'],
    ['clusters/t1/istio/values.yam?', 'clusters/t1/istio/'],
    ['*.yaml', ''],
    ['**/values.yaml', ''],
    ['clusters/t1/promtail.yaml', 'clusters/t1/'],
    ['promtail.yaml', ''],
  ])('lists %s from %j', (pattern, prefix) => {
    const glob = compileGlob(pattern);

    expect(glob.prefix).toBe(prefix);
  });
});

describe('compileGlob: matching', () => {
  it('matches a pattern without wildcards only by the exact path', () => {
    const glob = compileGlob('clusters/t1/promtail.yaml');

    expect(glob.matches('clusters/t1/promtail.yaml')).toBe(true);
    expect(glob.matches('clusters/t1/promtail.yaml.bak')).toBe(false);
    expect(glob.matches('x/clusters/t1/promtail.yaml')).toBe(false);
  });

  it('keeps * within one path segment', () => {
    const glob = compileGlob('clusters/t1/istio/*.yaml');

    expect(glob.matches('clusters/t1/istio/base.yaml')).toBe(true);
    expect(glob.matches('clusters/t1/istio/.yaml')).toBe(true);
    expect(glob.matches('clusters/t1/istio/sub/base.yaml')).toBe(false);
    expect(glob.matches('clusters/t1/istio/base.yml')).toBe(false);
  });

  it('keeps a * in a folder name within that folder', () => {
    const glob = compileGlob('clusters/*/istio.yaml');

    expect(glob.matches('clusters/t1/istio.yaml')).toBe(true);
    expect(glob.matches('clusters/t1/x/istio.yaml')).toBe(false);
    expect(glob.matches('clusters/istio.yaml')).toBe(false);
  });

  it('matches exactly one character, never a "/", with ?', () => {
    const glob = compileGlob('clusters/t?/istio.yaml');

    expect(glob.matches('clusters/t1/istio.yaml')).toBe(true);
    expect(glob.matches('clusters/t12/istio.yaml')).toBe(false);
    expect(glob.matches('clusters/t/istio.yaml')).toBe(false);
    expect(compileGlob('clusters/t1?istio.yaml').matches('clusters/t1/istio.yaml')).toBe(false);
  });

  it('lets a ** segment span zero or more folders', () => {
    const glob = compileGlob('clusters/**/values.yaml');

    expect(glob.matches('clusters/values.yaml')).toBe(true);
    expect(glob.matches('clusters/t1/values.yaml')).toBe(true);
    expect(glob.matches('clusters/t1/istio/deep/values.yaml')).toBe(true);
    expect(glob.matches('clustersvalues.yaml')).toBe(false);
    expect(glob.matches('clusters/t1/xvalues.yaml')).toBe(false);
    expect(glob.matches('other/t1/values.yaml')).toBe(false);
  });

  it('lets a leading ** match files at the root as well as below it', () => {
    const glob = compileGlob('**/values.yaml');

    expect(glob.matches('values.yaml')).toBe(true);
    expect(glob.matches('a/b/values.yaml')).toBe(true);
    expect(glob.matches('a/b/my-values.yaml')).toBe(false);
  });

  it('lets a trailing ** match every file below its folder', () => {
    const glob = compileGlob('clusters/t1/**');

    expect(glob.matches('clusters/t1/a.yaml')).toBe(true);
    expect(glob.matches('clusters/t1/istio/b.yaml')).toBe(true);
    expect(glob.matches('clusters/t10/a.yaml')).toBe(false);
  });

  it('treats . in a name literally', () => {
    const glob = compileGlob('clusters/*/values.yaml');

    expect(glob.matches('clusters/t1/values.yaml')).toBe(true);
    expect(glob.matches('clusters/t1/valuesXyaml')).toBe(false);
  });

  it('treats + in a name literally', () => {
    const glob = compileGlob('clusters/*/a+b.yaml');

    expect(glob.matches('clusters/t1/a+b.yaml')).toBe(true);
    expect(glob.matches('clusters/t1/aab.yaml')).toBe(false);
    expect(glob.matches('clusters/t1/ab.yaml')).toBe(false);
  });

  it('treats parentheses, brackets, braces, ^, $ and | in names literally', () => {
    const glob = compileGlob('clusters/*/(x)[y]{z}^$|.yaml');

    expect(glob.matches('clusters/t1/(x)[y]{z}^$|.yaml')).toBe(true);
    expect(glob.matches('clusters/t1/x.yaml')).toBe(false);
    expect(glob.matches('clusters/t1/xyz.yaml')).toBe(false);
  });
});

describe('matchFiles', () => {
  const files = snapshotOf({
    'clusters/t1/istio/control-plane.yaml': 'a',
    'clusters/t1/istio/gateways.yaml': 'b',
    'clusters/t1/istio/README.md': 'c',
    'clusters/t1/istio/old/base.yaml': 'd',
    'clusters/t1/promtail.yaml': 'e',
    'clusters/t10/istio/control-plane.yaml': 'f',
    'guard/fleet.yaml': 'g',
  });

  it('returns the files a single-segment glob matches, sorted', () => {
    const paths = matchFiles(files, 'clusters/t1/istio/*.yaml');

    expect(paths).toEqual(['clusters/t1/istio/control-plane.yaml', 'clusters/t1/istio/gateways.yaml']);
  });

  it('returns the files below every folder for a ** glob, without a cluster whose name only starts alike', () => {
    const paths = matchFiles(files, 'clusters/t1/**/*.yaml');

    expect(paths).toEqual([
      'clusters/t1/istio/control-plane.yaml',
      'clusters/t1/istio/gateways.yaml',
      'clusters/t1/istio/old/base.yaml',
      'clusters/t1/promtail.yaml',
    ]);
  });

  it('returns an exact path when it exists and nothing when it does not', () => {
    const found = matchFiles(files, 'clusters/t1/promtail.yaml');
    const missing = matchFiles(files, 'clusters/t2/promtail.yaml');

    expect(found).toEqual(['clusters/t1/promtail.yaml']);
    expect(missing).toEqual([]);
  });

  it('lists only the folder before the first wildcard', () => {
    const listed: string[] = [];
    const spy: RepoSnapshot = {
      list: (dir) => {
        listed.push(dir);
        return files.list(dir);
      },
      read: (path) => files.read(path),
    };

    matchFiles(spy, 'clusters/t1/istio/*.yaml');

    expect(listed).toEqual(['clusters/t1/istio/']);
  });
});

describe('snapshotOf', () => {
  it('lists every file below a folder at any depth, sorted, and nothing of a sibling with a longer name', () => {
    const files = snapshotOf({ 'b/2.yaml': '', 'a/z.yaml': '', 'a/sub/y.yaml': '', 'ab/x.yaml': '' });

    const listed = files.list('a/');

    expect(listed).toEqual(['a/sub/y.yaml', 'a/z.yaml']);
  });

  it('lists the whole repository from the root and reads files by path', () => {
    const files = snapshotOf({ 'b.yaml': 'B', 'a.yaml': 'A' });

    expect(files.list('')).toEqual(['a.yaml', 'b.yaml']);
    expect(files.read('a.yaml')).toBe('A');
    expect(files.read('c.yaml')).toBeUndefined();
  });
});
