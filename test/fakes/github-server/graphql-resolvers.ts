import { GraphQLError } from 'graphql';
import type { FakeCommit } from './git-store.ts';
import type { FakeGitHubState } from './state.ts';

/**
 * The fake repository as GraphQL objects of GitHub's schema: graphql's default resolver reads a
 * field from the object, calling it with the field's arguments when it is a function, and picks an
 * interface's type by `__typename`. Only what the fake holds is there: a query that reaches further
 * gets null (or a non-null error) and fails its test, which is the cue to grow the fake.
 */
type Args = Record<string, unknown>;

/** GitHub's errors beside the data: `type` says what kind, the field stays null (docs: GraphQL "Errors"). */
export class GitHubGraphqlError extends GraphQLError {
  constructor(type: 'NOT_FOUND' | 'FORBIDDEN' | 'EXCESSIVE_PAGINATION', message: string) {
    super(message, { extensions: { type } });
  }
}

/**
 * A page of `items` as a connection. GitHub requires `first` or `last` on every connection and
 * refuses more than 100 records at once ("Using pagination in the GraphQL API").
 */
function connection<T>(field: string, items: readonly T[], args: Args) {
  const first = args.first as number | undefined;
  const last = args.last as number | undefined;
  const size = first ?? last;
  if (size === undefined)
    throw new GraphQLError(
      `You must provide a \`first\` or \`last\` value to properly paginate the \`${field}\` connection.`,
    );
  if (size > 100)
    throw new GitHubGraphqlError(
      'EXCESSIVE_PAGINATION',
      `Requesting ${size} records on the \`${field}\` connection exceeds the \`${first !== undefined ? 'first' : 'last'}\` limit of 100 records.`,
    );
  const cursor = (i: number) => Buffer.from(`cursor:${i}`).toString('base64');
  const after =
    typeof args.after === 'string' ? Number(Buffer.from(args.after, 'base64').toString().slice(7)) + 1 : 0;
  const start = last !== undefined && first === undefined ? Math.max(after, items.length - last) : after;
  const nodes = items.slice(start, start + size);
  return {
    nodes,
    totalCount: items.length,
    pageInfo: {
      hasNextPage: start + nodes.length < items.length,
      hasPreviousPage: start > 0,
      startCursor: nodes.length ? cursor(start) : null,
      endCursor: nodes.length ? cursor(start + nodes.length - 1) : null,
    },
  };
}

function commitNode(s: FakeGitHubState, c: FakeCommit): object {
  return {
    __typename: 'Commit',
    id: Buffer.from(`C_${c.sha}`).toString('base64'),
    oid: c.sha,
    abbreviatedOid: c.sha.slice(0, 7),
    message: c.message,
    committedDate: c.date,
    tree: { __typename: 'Tree', oid: c.tree },
    parents: (args: Args) =>
      connection(
        'parents',
        c.parents.flatMap((p) => {
          const parent = s.git.commits.get(p);
          return parent ? [commitNode(s, parent)] : [];
        }),
        args,
      ),
  };
}

/** `<rev>:<path>` (GitHub's `object(expression:)`): a blob, or a tree for a directory, else null. */
function byExpression(s: FakeGitHubState, expression: string, limit: number): object | null {
  const colon = expression.indexOf(':');
  if (colon < 0) {
    const commit = s.git.resolve(expression);
    return commit ? commitNode(s, commit) : null;
  }
  const files = s.git.files(expression.slice(0, colon));
  const path = expression.slice(colon + 1);
  const text = files?.get(path);
  if (text === undefined) {
    const dir = `${path.replace(/\/+$/, '')}/`;
    // The fake keeps flat trees: a directory's oid only needs to be stable.
    const isDir = files && [...files.keys()].some((p) => p.startsWith(dir));
    return isDir ? { __typename: 'Tree', oid: s.git.blobSha(`tree ${expression}`) } : null;
  }
  const truncated = Buffer.byteLength(text) > limit;
  return {
    __typename: 'Blob',
    oid: s.git.blobSha(text),
    byteSize: Buffer.byteLength(text),
    text: truncated ? text.slice(0, limit) : text,
    isTruncated: truncated,
    isBinary: false,
  };
}

function repositoryNode(s: FakeGitHubState, limits: { blobText: number }): object {
  const refOf = (branch: string) => {
    const sha = s.git.refs.get(branch);
    const commit = sha ? s.git.commits.get(sha) : undefined;
    return commit
      ? { __typename: 'Ref', name: branch, prefix: 'refs/heads/', target: commitNode(s, commit) }
      : null;
  };
  return {
    __typename: 'Repository',
    name: s.repo,
    nameWithOwner: `${s.owner}/${s.repo}`,
    url: `${s.urls.web}/${s.owner}/${s.repo}`,
    defaultBranchRef: () => refOf(s.defaultBranch),
    ref: ({ qualifiedName }: Args) => {
      const name = String(qualifiedName);
      return name.startsWith('refs/tags/') ? null : refOf(name.replace(/^refs\/heads\//, ''));
    },
    // Both arguments are optional and the field is nullable: a missing object is null, no error.
    object: ({ oid, expression }: Args) => {
      if (typeof expression === 'string') return byExpression(s, expression, limits.blobText);
      const commit = typeof oid === 'string' ? s.git.commits.get(oid) : undefined;
      if (commit) return commitNode(s, commit);
      return typeof oid === 'string' && s.git.trees.has(oid) ? { __typename: 'Tree', oid } : null;
    },
  };
}

/** The organization owning the repository, with the teams the fake knows of (`org/slug` per user). */
function organizationNode(s: FakeGitHubState, login: string): object {
  return {
    __typename: 'Organization',
    login,
    teams: (args: Args) => {
      const wanted = (args.userLogins as string[] | undefined) ?? [];
      const slugs = new Set<string>();
      for (const [user, teams] of Object.entries(s.teams)) {
        if (wanted.length && !wanted.includes(user)) continue;
        for (const t of teams) if (t.startsWith(`${login}/`)) slugs.add(t.slice(login.length + 1));
      }
      const nodes = [...slugs].sort().map((slug) => ({ __typename: 'Team', slug, name: slug }));
      return connection('teams', nodes, args);
    },
  };
}

/** The Query root over the fake: one repository, and the organization that owns it (if any). */
export function queryRoot(s: FakeGitHubState, limits: { blobText: number }): object {
  const isOrg = (login: string) =>
    login.toLowerCase() === s.owner.toLowerCase() ||
    Object.values(s.teams).some((teams) => teams.some((t) => t.startsWith(`${login}/`)));
  return {
    repository: ({ owner, name }: Args) => {
      const match = `${owner}/${name}`.toLowerCase() === `${s.owner}/${s.repo}`.toLowerCase();
      if (!match)
        throw new GitHubGraphqlError(
          'NOT_FOUND',
          `Could not resolve to a Repository with the name '${owner}/${name}'.`,
        );
      return repositoryNode(s, limits);
    },
    organization: ({ login }: Args) => {
      if (!isOrg(String(login)))
        throw new GitHubGraphqlError(
          'NOT_FOUND',
          `Could not resolve to an Organization with the login of '${login}'.`,
        );
      return organizationNode(s, String(login));
    },
  };
}
