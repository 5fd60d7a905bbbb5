import type { ForgeTerms, Permission } from '../../../src/ports/forge.ts';

/**
 * GitLab role names for the levels `permissionFor` (people.ts) maps access levels onto: Guest and
 * Reporter both read; GitLab has no triage role.
 */
const ROLE: Record<Exclude<Permission, 'none'>, string> = {
  read: 'Guest or Reporter',
  triage: 'Guest or Reporter',
  write: 'Developer',
  maintain: 'Maintainer',
  admin: 'Owner',
};

/** GitLab's words: project roles, merge requests, groups by their full paths. */
export const gitlabTerms: ForgeTerms = {
  mergeRequest: 'merge request',
  teams: 'groups',
  bareTeamNames: false,
  levels: { read: ROLE.read, write: ROLE.write, maintain: ROLE.maintain, admin: ROLE.admin },
  requirement: (levels) => `the ${levels} role`,
  scope: 'in this project',
  yours: (level) => (level === 'none' ? 'you have no role in this project' : `your role is ${ROLE[level]}`),
};
