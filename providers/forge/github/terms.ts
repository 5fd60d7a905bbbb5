import type { ForgeTerms, Permission } from '../../../src/ports/forge.ts';

/** GitHub's words: repository permissions by their own names, pull requests, organisation teams. */
export const githubTerms: ForgeTerms = {
  mergeRequest: 'pull request',
  teams: 'teams',
  bareTeamNames: true,
  levels: { read: 'read', triage: 'triage', write: 'write', maintain: 'maintain', admin: 'admin' },
  requirement: (levels) => `${levels} permission`,
  scope: 'on this repository',
  yours: (level: Permission) => (level === 'none' ? 'you have no access' : `you have ${level}`),
};
