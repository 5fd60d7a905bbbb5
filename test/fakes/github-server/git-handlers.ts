import { HttpResponse, http } from 'msw';
import { invalid, notFound } from './json.ts';
import type { FakeGitHubState } from './state.ts';

type Body = Record<string, unknown>;

/** The rest after a wildcard, URL-decoded (Octokit encodes `/` in `{ref}` and `{path}`). */
export const rest = (params: Record<string, string | readonly string[] | undefined>) =>
  decodeURIComponent(String(params['0'] ?? ''));

/** Git Data API (trees, commits, refs) and contents. */
export function gitHandlers(s: FakeGitHubState, base = s.repoApi) {
  return [
    http.get(`${base}/contents/*`, ({ request, params }) => {
      const url = new URL(request.url);
      const text = s.git.files(url.searchParams.get('ref') ?? s.defaultBranch)?.get(rest(params));
      if (text === undefined) return HttpResponse.json(notFound(), { status: 404 });
      if (/raw/.test(request.headers.get('accept') ?? '')) return new HttpResponse(text);
      return HttpResponse.json({
        type: 'file',
        encoding: 'base64',
        content: Buffer.from(text).toString('base64'),
      });
    }),
    http.get(`${base}/git/trees/*`, ({ request, params }) => {
      const ref = rest(params);
      const files = s.git.files(ref) ?? s.git.trees.get(ref);
      if (!files) return HttpResponse.json(notFound(), { status: 404 });
      const recursive = new URL(request.url).searchParams.has('recursive');
      return HttpResponse.json({
        sha: s.git.resolve(ref)?.tree ?? ref,
        tree: treeEntries(s, files, recursive),
        truncated: false,
      });
    }),
    http.post(`${base}/git/trees`, async ({ request }) => {
      const body = (await request.json()) as Body;
      const baseFiles = body.base_tree ? s.git.trees.get(String(body.base_tree)) : new Map<string, string>();
      if (!baseFiles) return HttpResponse.json(invalid('base_tree is not a valid tree oid'), { status: 422 });
      const files = new Map(baseFiles);
      for (const e of body.tree as { path: string; content?: string; sha?: string | null }[]) {
        if (e.sha === null) files.delete(e.path);
        else files.set(e.path, e.content ?? '');
      }
      const sha = s.git.putTree(files);
      return HttpResponse.json(
        { sha, tree: treeEntries(s, files, false), truncated: false },
        { status: 201 },
      );
    }),
    http.post(`${base}/git/commits`, async ({ request }) => {
      const body = (await request.json()) as Body;
      const parents = (body.parents as string[]) ?? [];
      if (!s.git.trees.has(String(body.tree)) || parents.some((p) => !s.git.commits.has(p))) {
        return HttpResponse.json(invalid('Tree SHA or parent SHA does not exist'), { status: 422 });
      }
      const c = s.git.putCommit({
        tree: String(body.tree),
        parents,
        message: String(body.message),
        date: s.iso(),
      });
      return HttpResponse.json(
        { sha: c.sha, message: c.message, tree: { sha: c.tree }, parents: parents.map((sha) => ({ sha })) },
        { status: 201 },
      );
    }),
    http.post(`${base}/git/refs`, async ({ request }) => {
      const body = (await request.json()) as { ref: string; sha: string };
      const branch = body.ref.replace(/^refs\/heads\//, '');
      if (s.git.refs.has(branch))
        return HttpResponse.json(invalid('Reference already exists'), { status: 422 });
      if (!s.git.commits.has(body.sha))
        return HttpResponse.json(invalid('Object does not exist'), { status: 422 });
      s.git.refs.set(branch, body.sha);
      return HttpResponse.json(refJson(s, branch), { status: 201 });
    }),
    http.patch(`${base}/git/refs/*`, async ({ request, params }) => {
      const branch = rest(params).replace(/^heads\//, '');
      const body = (await request.json()) as { sha: string; force?: boolean };
      const current = s.git.refs.get(branch);
      if (!current) return HttpResponse.json(invalid('Reference does not exist'), { status: 422 });
      if (!body.force && !s.git.ancestors(body.sha).has(current)) {
        return HttpResponse.json(invalid('Update is not a fast forward'), { status: 422 });
      }
      s.git.refs.set(branch, body.sha);
      return HttpResponse.json(refJson(s, branch));
    }),
  ];
}

function refJson(s: FakeGitHubState, branch: string) {
  const sha = s.git.refs.get(branch);
  return { ref: `refs/heads/${branch}`, node_id: `REF_${branch}`, object: { type: 'commit', sha } };
}

/** Blob entries, plus the directories between them when recursive (as GitHub lists them). */
function treeEntries(s: FakeGitHubState, files: Map<string, string>, recursive: boolean) {
  const dirs = new Set<string>();
  const blobs = [];
  for (const [path, text] of files) {
    const parts = path.split('/');
    if (!recursive && parts.length > 1) {
      dirs.add(parts[0] as string);
      continue;
    }
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
    blobs.push({
      path,
      mode: '100644',
      type: 'blob',
      sha: s.git.blobSha(text),
      size: Buffer.byteLength(text),
    });
  }
  const trees = [...dirs].map((path) => ({ path, mode: '040000', type: 'tree', sha: `tree-${path}` }));
  return [...trees, ...blobs].sort((a, b) => (a.path < b.path ? -1 : 1));
}
