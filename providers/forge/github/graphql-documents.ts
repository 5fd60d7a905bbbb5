/**
 * Every GraphQL document the GitHub adapter sends, in one place: tests validate each against
 * GitHub's published schema (@octokit/graphql-schema), so a misspelt field or a wrong argument type
 * fails CI instead of a wave on a real GitHub. Add new documents here, never inline.
 */

/** The default branch and its head commit. */
export const DEFAULT_BRANCH = `query DefaultBranch($owner: String!, $name: String!) {
  repository(owner: $owner, name: $name) { defaultBranchRef { name target { oid } } }
}`;

/** The base commit's tree and the branch's head (its tree and parents), in one look. */
export const BRANCH_LOOK = `query BranchLook($owner: String!, $name: String!, $base: GitObjectID!, $ref: String!) {
  repository(owner: $owner, name: $name) {
    base: object(oid: $base) { ... on Commit { tree { oid } } }
    ref(qualifiedName: $ref) { target { oid ... on Commit { tree { oid } parents(first: 2) { nodes { oid } } } } }
  }
}`;

/** The organization's teams a user belongs to, a page of 100 at a time. */
export const TEAMS = `query Teams($org: String!, $login: String!, $after: String) {
  organization(login: $org) {
    teams(first: 100, userLogins: [$login], after: $after) { nodes { slug } pageInfo { hasNextPage endCursor } }
  }
}`;

/**
 * `count` blobs read by expression (`<ref>:<path>`), each under the alias `f<i>` with the variable
 * `$e<i>`. Its shape is the same for every count, so validating one count validates them all.
 */
export function readBlobs(count: number): string {
  const vars = Array.from({ length: count }, (_, i) => `$e${i}: String!`).join(', ');
  const fields = Array.from(
    { length: count },
    (_, i) => `f${i}: object(expression: $e${i}) { ... on Blob { text isTruncated isBinary } }`,
  );
  return `query ReadBlobs($owner: String!, $name: String!, ${vars}) {
  repository(owner: $owner, name: $name) { ${fields.join(' ')} }
}`;
}

/** GraphQL aliases per blob query: keeps each query small and its cost predictable. */
export const PATHS_PER_QUERY = 50;

/** Each document by name, as the tests enumerate them. */
export const graphqlDocuments: Readonly<Record<string, string>> = {
  DefaultBranch: DEFAULT_BRANCH,
  BranchLook: BRANCH_LOOK,
  Teams: TEAMS,
  'ReadBlobs(1)': readBlobs(1),
  [`ReadBlobs(${PATHS_PER_QUERY})`]: readBlobs(PATHS_PER_QUERY),
};
