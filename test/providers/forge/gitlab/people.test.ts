import { describe, expect, it } from 'vitest';
import { permissionFor } from '../../../../providers/forge/gitlab/people.ts';
import { group, userId } from '../../../fakes/gitlab-server/world.ts';
import { makeGitLabHarness } from './harness.ts';

describe('GitLab people', () => {
  it.each([
    [0, 'none'],
    [5, 'none'],
    [9, 'none'],
    [10, 'read'],
    [15, 'read'],
    [20, 'read'],
    [30, 'write'],
    [35, 'write'],
    [40, 'maintain'],
    [50, 'admin'],
    [60, 'admin'],
    [-1, 'none'],
  ] as const)(
    'maps access level %i to %s (an unknown level counts as the role below it)',
    (level, expected) => {
      expect(permissionFor(level)).toBe(expected);
    },
  );

  it('counts access inherited from the project group', async () => {
    const h = makeGitLabHarness();
    h.seed({ defaultBranch: 'main', files: {} });
    group(h.fake.world, 'acme').members.set(userId(h.fake.world, 'carol'), 40);

    expect(await h.forge.permission('carol')).toBe('maintain');
    expect(await h.forge.teamsOf('carol')).toEqual(['acme']);
  });

  it('lets a non-member read a public project', async () => {
    const h = makeGitLabHarness();
    h.seed({ defaultBranch: 'main', files: {} });
    h.fake.world.project.visibility = 'public';
    userId(h.fake.world, 'erin');

    expect(await h.forge.permission('erin')).toBe('read');
    expect(await h.forge.permission('nobody-at-all')).toBe('none');
  });
});
