import { HttpResponse, http } from 'msw';
import { notFound, refused } from './json.ts';
import type { Schema } from './rest-people.ts';
import type { FakeGitHubState } from './state.ts';

type Body = Record<string, unknown>;

/** The rest after a wildcard, URL-decoded (Octokit encodes `/` in `{ref}` and `{path}`). */
export const rest = (params: Record<string, string | readonly string[] | undefined>) =>
  decodeURIComponent(String(params['0'] ?? ''));

const REFS_DOCS = 'https://docs.github.com/rest/git/refs';

/** Git Data API (trees, commits, refs) and contents. */
export function gitHandlers(s: FakeGitHubState, base = s.repoApi) {
  return [
    http.get(`${base}/contents/*`, ({ request, params }) => {
      const url = new URL(request.url);
      const ref = url.searchParams.get('ref') ?? s.defaultBranch;
      const path = rest(params);
      const text = s.git.files(ref)?.get(path);
      if (text === undefined) return HttpResponse.json(notFound(), { status: 404 });
      // docs: repos/contents: the raw media type answers the file's bytes.
      if (/raw/.test(request.headers.get('accept') ?? '')) return new HttpResponse(text);
      const self = `${base}/contents/${path}?ref=${encodeURIComponent(ref)}`;
      const sha = s.git.blobSha(text);
      const html = `${s.urls.web}/${s.owner}/${s.repo}/blob/${ref}/${path}`;
      const file: Schema<'content-file'> = {
        type: 'file',
        encoding: 'base64',
        size: Buffer.byteLength(text),
        name: path.split('/').at(-1) ?? path,
        path,
        content: Buffer.from(text).toString('base64'),
        sha,
        url: self,
        git_url: `${base}/git/blobs/${sha}`,
        html_url: html,
        download_url: null,
        _links: { self, git: `${base}/git/blobs/${sha}`, html },
      };
      return HttpResponse.json(file);
    }),
    http.get(`${base}/git/trees/*`, ({ request, params }) => {
      const ref = rest(params);
      const files = s.git.files(ref) ?? s.git.trees.get(ref);
      if (!files) return HttpResponse.json(notFound(), { status: 404 });
      const recursive = new URL(request.url).searchParams.has('recursive');
      return HttpResponse.json(treeJson(s, s.git.resolve(ref)?.tree ?? ref, files, recursive));
    }),
    http.post(`${base}/git/trees`, async ({ request }) => {
      const body = (await request.json()) as Body;
      const baseFiles = body.base_tree ? s.git.trees.get(String(body.base_tree)) : new Map<string, string>();
      if (!baseFiles)
        return HttpResponse.json(refused('base_tree is not a valid tree oid', 422), { status: 422 });
      const files = new Map(baseFiles);
      for (const e of body.tree as { path: string; content?: string; sha?: string | null }[]) {
        if (e.sha === null) files.delete(e.path);
        else files.set(e.path, e.content ?? '');
      }
      return HttpResponse.json(treeJson(s, s.git.putTree(files), files, false), { status: 201 });
    }),
    http.post(`${base}/git/commits`, async ({ request }) => {
      const body = (await request.json()) as Body;
      const parents = (body.parents as string[]) ?? [];
      if (!s.git.trees.has(String(body.tree)))
        return HttpResponse.json(refused('Tree SHA does not exist', 422), { status: 422 });
      if (parents.some((p) => !s.git.commits.has(p)))
        return HttpResponse.json(refused('Parent SHA does not exist or is not a commit object', 422), {
          status: 422,
        });
      const c = s.git.putCommit({
        tree: String(body.tree),
        parents,
        message: String(body.message),
        date: s.iso(),
      });
      return HttpResponse.json(commitJson(s, c.sha), { status: 201 });
    }),
    http.post(`${base}/git/refs`, async ({ request }) => {
      const body = (await request.json()) as { ref: string; sha: string };
      const branch = body.ref.replace(/^refs\/heads\//, '');
      // docs: git/refs#create-a-reference answers 422 for a ref that is already there.
      if (s.git.refs.has(branch))
        return HttpResponse.json(
          refused('Reference already exists', 422, `${REFS_DOCS}#create-a-reference`),
          {
            status: 422,
          },
        );
      if (!s.git.commits.has(body.sha))
        return HttpResponse.json(refused('Object does not exist', 422, `${REFS_DOCS}#create-a-reference`), {
          status: 422,
        });
      s.git.refs.set(branch, body.sha);
      return HttpResponse.json(refJson(s, branch), { status: 201 });
    }),
    http.patch(`${base}/git/refs/*`, async ({ request, params }) => {
      const branch = rest(params).replace(/^heads\//, '');
      const body = (await request.json()) as { sha: string; force?: boolean };
      const current = s.git.refs.get(branch);
      const docs = `${REFS_DOCS}#update-a-reference`;
      if (!current) return HttpResponse.json(refused('Reference does not exist', 422, docs), { status: 422 });
      // docs: without force, only a fast-forward moves a ref; anything else is a 422.
      if (!body.force && !s.git.ancestors(body.sha).has(current))
        return HttpResponse.json(refused('Update is not a fast forward', 422, docs), { status: 422 });
      s.git.refs.set(branch, body.sha);
      return HttpResponse.json(refJson(s, branch));
    }),
  ];
}

function refJson(s: FakeGitHubState, branch: string): Schema<'git-ref'> {
  const sha = s.git.refs.get(branch) ?? '';
  return {
    ref: `refs/heads/${branch}`,
    node_id: `REF_${Buffer.from(branch).toString('base64url')}`,
    url: `${s.repoApi}/git/refs/heads/${branch}`,
    object: { type: 'commit', sha, url: `${s.repoApi}/git/commits/${sha}` },
  };
}

function commitJson(s: FakeGitHubState, sha: string): Schema<'git-commit'> {
  const c = s.git.commits.get(sha);
  if (!c) throw new Error(`the fake GitHub has no commit ${sha}`);
  const author = { name: 'guard[bot]', email: 'guard[bot]@users.noreply.github.com', date: c.date };
  return {
    sha: c.sha,
    node_id: `C_${c.sha}`,
    url: `${s.repoApi}/git/commits/${c.sha}`,
    html_url: `${s.urls.web}/${s.owner}/${s.repo}/commit/${c.sha}`,
    author,
    committer: author,
    message: c.message,
    tree: { sha: c.tree, url: `${s.repoApi}/git/trees/${c.tree}` },
    parents: c.parents.map((p) => ({
      sha: p,
      url: `${s.repoApi}/git/commits/${p}`,
      html_url: `${s.urls.web}/${s.owner}/${s.repo}/commit/${p}`,
    })),
    verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
  };
}

/** Blob entries, plus the directories between them when recursive (as GitHub lists them). */
function treeJson(
  s: FakeGitHubState,
  sha: string,
  files: Map<string, string>,
  recursive: boolean,
): Schema<'git-tree'> {
  const dirs = new Set<string>();
  const blobs: Schema<'git-tree'>['tree'] = [];
  for (const [path, text] of files) {
    const parts = path.split('/');
    if (!recursive && parts.length > 1) {
      dirs.add(parts[0] as string);
      continue;
    }
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
    const blob = s.git.blobSha(text);
    blobs.push({
      path,
      mode: '100644',
      type: 'blob',
      sha: blob,
      size: Buffer.byteLength(text),
      url: `${s.repoApi}/git/blobs/${blob}`,
    });
  }
  const trees = [...dirs].map((path) => ({
    path,
    mode: '040000',
    type: 'tree',
    sha: s.git.blobSha(`tree ${path}`),
  }));
  const tree = [...trees, ...blobs].sort((a, b) => (a.path < b.path ? -1 : 1));
  return { sha, url: `${s.repoApi}/git/trees/${sha}`, tree, truncated: false };
}
