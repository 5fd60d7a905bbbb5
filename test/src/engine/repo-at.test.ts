import { describe, expect, it } from 'vitest';
import { computeAtRef } from '../../../src/engine/repo-at.ts';
import { createFakeForge } from '../../fakes/forge.ts';

const FILES = {
  'guard/fleet.yaml': 'fleet\n',
  'clusters/a/x.yaml': 'a\n',
  'clusters/b/x.yaml': 'b\n',
  'other/c.yaml': 'c\n',
};

function setUp() {
  const fake = createFakeForge({ files: FILES });
  const calls = () => fake.requests().map((r) => r.url.replace('fake-forge:', ''));
  return { fake, calls };
}

describe('computeAtRef', () => {
  it('reads the guard files without listing the tree when nothing else is asked for', async () => {
    const { fake, calls } = setUp();

    const texts = await computeAtRef(fake.forge, 'main', (repo) => [
      repo.read('guard/fleet.yaml'),
      repo.read('guard/upgrade.yaml'),
    ]);

    expect(texts).toEqual(['fleet\n', undefined]);
    expect(calls()).toEqual(['readFiles']);
  });

  it('lists the tree once when a folder is listed, then reads only files that exist', async () => {
    const { fake, calls } = setUp();
    const asked: string[][] = [];
    const readFiles = fake.forge.readFiles;
    fake.forge.readFiles = async (ref, paths) => {
      asked.push([...paths]);
      return readFiles(ref, paths);
    };

    const result = await computeAtRef(fake.forge, 'main', (repo) => {
      const listed = repo.list('clusters/');
      return {
        listed,
        texts: [...listed, 'clusters/c/x.yaml'].map((p) => repo.read(p)),
      };
    });

    expect(result).toEqual({
      listed: ['clusters/a/x.yaml', 'clusters/b/x.yaml'],
      texts: ['a\n', 'b\n', undefined],
    });
    expect(calls()).toEqual(['readFiles', 'listFiles', 'readFiles']);
    expect(asked.at(-1)).toEqual(['clusters/a/x.yaml', 'clusters/b/x.yaml']);
  });
});
