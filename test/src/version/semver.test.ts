import { describe, expect, it } from 'vitest';
import { compareSemVer, parseSemVer, type SemVer } from '../../../src/version/semver.ts';

const parsed = (text: string): SemVer => {
  const v = parseSemVer(text);
  if (!v) throw new Error(`test setup: ${text} should parse`);
  return v;
};

describe('parseSemVer', () => {
  it('reads major, minor and patch of a plain release', () => {
    const v = parseSemVer('1.20.3');

    expect(v).toEqual({ vPrefix: false, major: 1, minor: 20, patch: 3, prerelease: [], build: '' });
  });

  it('remembers a leading v', () => {
    const v = parseSemVer('v1.13.3');

    expect(v).toEqual({ vPrefix: true, major: 1, minor: 13, patch: 3, prerelease: [], build: '' });
  });

  it('splits the prerelease into numeric and alphanumeric identifiers', () => {
    const v = parseSemVer('1.0.0-alpha.1.x-y.0.1a');

    expect(v?.prerelease).toEqual(['alpha', 1, 'x-y', 0, '1a']);
  });

  it('keeps build metadata apart from the prerelease', () => {
    const v = parseSemVer('1.0.0-rc.1+build.5.sha-0abc');

    expect(v).toEqual({
      vPrefix: false,
      major: 1,
      minor: 0,
      patch: 0,
      prerelease: ['rc', 1],
      build: 'build.5.sha-0abc',
    });
  });

  it('accepts build metadata without a prerelease, leading zeros included', () => {
    const v = parseSemVer('1.2.3+001');

    expect(v).toMatchObject({ prerelease: [], build: '001' });
  });

  it('accepts zero components and a prerelease made of hyphens and letters', () => {
    const v = parseSemVer('0.0.0--');

    expect(v).toMatchObject({ major: 0, minor: 0, patch: 0, prerelease: ['-'] });
  });

  it.each([
    '',
    '1',
    '1.2',
    '1.2.3.4',
    '01.2.3',
    '1.02.3',
    '1.2.03',
    '1.2.3-01',
    '1.2.3-alpha.01',
    '1.2.3-',
    '1.2.3-alpha..1',
    '1.2.3+',
    '1.2.3+a..b',
    '1.2.3-alpha_1',
    'V1.2.3',
    'vv1.2.3',
    ' 1.2.3',
    '1.2.3 ',
    '-1.2.3',
    '1.2.x',
    'latest',
  ])('rejects %j', (text) => {
    const v = parseSemVer(text);

    expect(v).toBeUndefined();
  });
});

describe('compareSemVer', () => {
  it('orders prereleases as in semver.org section 11', () => {
    const chain = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
    ];

    const pairs = chain
      .slice(1)
      .map((b, i) => [chain[i], b, Math.sign(compareSemVer(parsed(chain[i]!), parsed(b)))]);
    const reversed = chain.slice(1).map((b, i) => Math.sign(compareSemVer(parsed(b), parsed(chain[i]!))));

    expect(pairs).toEqual(chain.slice(1).map((b, i) => [chain[i], b, -1]));
    expect(reversed).toEqual(chain.slice(1).map(() => 1));
  });

  it('sorts a shuffled list into precedence order', () => {
    const shuffled = [
      '1.0.0',
      '1.0.0-beta.11',
      '1.0.0-alpha',
      '1.0.0-rc.1',
      '1.0.0-beta.2',
      '1.0.0-alpha.beta',
    ];

    const sorted = [...shuffled].sort((a, b) => compareSemVer(parsed(a), parsed(b)));

    expect(sorted).toEqual([
      '1.0.0-alpha',
      '1.0.0-alpha.beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
    ]);
  });

  it.each([
    ['1.0.0', '2.0.0'],
    ['2.0.0', '2.1.0'],
    ['2.1.0', '2.1.1'],
    ['1.9.0', '1.10.0'],
    ['1.2.3', '1.2.10'],
    ['1.0.0-rc.1', '1.0.1-alpha'],
    ['1.0.0-2', '1.0.0-10'],
    ['1.0.0-1', '1.0.0-alpha'],
    ['1.0.0-Beta', '1.0.0-alpha'],
  ])('puts %s before %s', (a, b) => {
    const order = compareSemVer(parsed(a), parsed(b));

    expect(Math.sign(order)).toBe(-1);
  });

  it.each([
    ['1.0.0+build.1', '1.0.0+build.2'],
    ['1.0.0', '1.0.0+20130313144700'],
    ['1.0.0-beta+exp.sha.5114f85', '1.0.0-beta'],
    ['v1.0.0', '1.0.0'],
  ])('treats %s and %s as equal (build metadata and v ignored)', (a, b) => {
    const order = compareSemVer(parsed(a), parsed(b));

    expect(order).toBe(0);
  });
});
