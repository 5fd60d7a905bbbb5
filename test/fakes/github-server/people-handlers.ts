import { HttpResponse, http } from 'msw';
import type { Permission } from '../../../src/ports/forge.ts';
import { type Schema, simpleUser } from './rest-people.ts';
import type { FakeGitHubState } from './state.ts';

/** GitHub's base permission for each role (triage reads, maintain writes). */
const BASE: Record<Permission, string> = {
  none: 'none',
  read: 'read',
  triage: 'read',
  write: 'write',
  maintain: 'write',
  admin: 'admin',
};

/** Collaborator permission; every login is a real user here, most of them without access. */
export function peopleHandlers(s: FakeGitHubState, base = s.repoApi) {
  return [
    http.get(`${base}/collaborators/:username/permission`, ({ params }) => {
      const login = String(params.username);
      const role = s.permissions[login] ?? 'none';
      const user = simpleUser(s, login);
      const permissions = {
        pull: role !== 'none',
        triage: !['none', 'read'].includes(role),
        push: ['write', 'maintain', 'admin'].includes(role),
        maintain: ['maintain', 'admin'].includes(role),
        admin: role === 'admin',
      };
      const body: Schema<'repository-collaborator-permission'> = {
        permission: BASE[role],
        role_name: role,
        user: { ...user, permissions, role_name: role },
      };
      return HttpResponse.json(body);
    }),
  ];
}
