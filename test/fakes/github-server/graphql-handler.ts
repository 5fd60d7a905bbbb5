import { HttpResponse, http } from 'msw';
import type { FakeGitHubState } from './state.ts';

/** Where GitHub's GraphQL `Blob.text` stops (the fake's stand-in for its truncation). */
export const DEFAULT_BLOB_TEXT_LIMIT = 512 * 1024;

type Vars = Record<string, string | null | undefined>;
const notFound = (path: string[], message: string) => ({ type: 'NOT_FOUND', path, message });

/**
 * The GraphQL queries the adapter sends, recognised by their fields (a fake, not a GraphQL engine):
 * default branch, blob aliases, the branch-commit look and team membership. Anything else answers
 * with an error so an unexpected query fails its test.
 */
export function graphqlHandler(s: FakeGitHubState, limits: { blobText: number }) {
  return http.post(s.urls.graphql, async ({ request }) => {
    const { query, variables = {} } = (await request.json()) as { query: string; variables?: Vars };
    if (variables.owner !== undefined && (variables.owner !== s.owner || variables.name !== s.repo)) {
      return HttpResponse.json({
        data: { repository: null },
        errors: [notFound(['repository'], 'no such repository')],
      });
    }
    if (query.includes('defaultBranchRef')) {
      const oid = s.git.refs.get(s.defaultBranch);
      return HttpResponse.json({
        data: { repository: { defaultBranchRef: { name: s.defaultBranch, target: { oid } } } },
      });
    }
    if (query.includes('object(expression:'))
      return HttpResponse.json({ data: { repository: blobs(s, query, variables, limits) } });
    if (query.includes('ref(qualifiedName:')) return HttpResponse.json(look(s, variables));
    if (query.includes('organization(login:')) return HttpResponse.json(teams(s, variables));
    return HttpResponse.json({ errors: [{ message: 'the fake GitHub does not know this query' }] });
  });
}

function blobs(s: FakeGitHubState, query: string, vars: Vars, limits: { blobText: number }) {
  const repository: Record<string, unknown> = {};
  for (const [, alias, variable] of query.matchAll(/(\w+): object\(expression: \$(\w+)\)/g)) {
    const expression = String(vars[variable as string]);
    const colon = expression.indexOf(':');
    const text = s.git.files(expression.slice(0, colon))?.get(expression.slice(colon + 1));
    const truncated = text !== undefined && Buffer.byteLength(text) > limits.blobText;
    repository[alias as string] =
      text === undefined
        ? null
        : {
            text: truncated ? text.slice(0, limits.blobText) : text,
            isTruncated: truncated,
            isBinary: false,
          };
  }
  return repository;
}

function look(s: FakeGitHubState, vars: Vars) {
  const base = s.git.commits.get(String(vars.base));
  const head = s.git.resolve(String(vars.ref));
  const ref = s.git.refs.has(String(vars.ref).replace(/^refs\/heads\//, '')) ? head : undefined;
  const repository = {
    base: base ? { tree: { oid: base.tree } } : null,
    ref: ref
      ? {
          target: {
            oid: ref.sha,
            tree: { oid: ref.tree },
            parents: { nodes: ref.parents.map((oid) => ({ oid })) },
          },
        }
      : null,
  };
  return {
    data: { repository },
    ...(!base && { errors: [notFound(['repository', 'base'], 'Could not resolve to a commit')] }),
  };
}

function teams(s: FakeGitHubState, vars: Vars) {
  const org = String(vars.org);
  const all = Object.values(s.teams).flat();
  if (!all.some((t) => t.startsWith(`${org}/`)) && org !== s.owner) {
    return {
      data: { organization: null },
      errors: [
        notFound(['organization'], `Could not resolve to an Organization with the login of '${org}'.`),
      ],
    };
  }
  const mine = (s.teams[String(vars.login)] ?? []).filter((t) => t.startsWith(`${org}/`));
  const start = vars.after ? Number(vars.after) : 0;
  const nodes = mine.slice(start, start + 100).map((t) => ({ slug: t.slice(org.length + 1) }));
  const hasNextPage = start + 100 < mine.length;
  return {
    data: {
      organization: {
        teams: { nodes, pageInfo: { hasNextPage, endCursor: hasNextPage ? String(start + 100) : null } },
      },
    },
  };
}
