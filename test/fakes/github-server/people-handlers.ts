import { HttpResponse, http } from 'msw';
import type { Permission } from '../../../src/ports/forge.ts';
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
      return HttpResponse.json({ permission: BASE[role], role_name: role, user: { login, type: 'User' } });
    }),
  ];
}
