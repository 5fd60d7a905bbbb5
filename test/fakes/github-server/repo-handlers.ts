import { HttpResponse, http } from 'msw';
import { rest } from './git-handlers.ts';
import { notFound } from './json.ts';
import { repositoryJson, type Schema } from './rest-people.ts';
import type { FakeGitHubState } from './state.ts';

/** "Get a repository" and "Get a reference" (docs: repos/repos, git/refs): what names the default branch's head. */
export function repoHandlers(s: FakeGitHubState, base = s.repoApi) {
  return [
    http.get(base, () => {
      const embedded = repositoryJson(s, s.owner, s.repo);
      const repository: Schema<'full-repository'> = {
        ...embedded,
        pushed_at: String(embedded.pushed_at),
        created_at: String(embedded.created_at),
        updated_at: String(embedded.updated_at),
        network_count: 0,
        subscribers_count: 0,
        has_discussions: false,
      };
      return HttpResponse.json(repository);
    }),
    http.get(`${base}/git/ref/*`, ({ params }) => {
      // docs: git/refs#get-a-reference takes `heads/<branch>`; a missing ref is a 404.
      const ref = rest(params);
      const branch = ref.startsWith('heads/') ? ref.slice('heads/'.length) : undefined;
      const sha = branch === undefined ? undefined : s.git.refs.get(branch);
      if (!sha) return HttpResponse.json(notFound(), { status: 404 });
      const json: Schema<'git-ref'> = {
        ref: `refs/heads/${branch}`,
        node_id: `REF_${Buffer.from(String(branch)).toString('base64url')}`,
        url: `${base}/git/refs/heads/${branch}`,
        object: { type: 'commit', sha, url: `${base}/git/commits/${sha}` },
      };
      return HttpResponse.json(json);
    }),
  ];
}
