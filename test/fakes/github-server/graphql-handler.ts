import { type DocumentNode, execute, type GraphQLError, parse, validate } from 'graphql';
import { HttpResponse, http } from 'msw';
import { githubSchema } from './github-schema.ts';
import { queryRoot } from './graphql-resolvers.ts';
import type { FakeGitHubState } from './state.ts';

/** Where GitHub's GraphQL `Blob.text` stops (the fake's stand-in for its truncation). */
export const DEFAULT_BLOB_TEXT_LIMIT = 512 * 1024;

interface GraphqlBody {
  query?: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

/**
 * An error as GitHub lists it: `type` (NOT_FOUND, FORBIDDEN, …) at the top level, beside `path`,
 * `locations` and `message`; schema errors carry no type.
 */
function githubError(e: GraphQLError) {
  const type = e.extensions?.type;
  return {
    ...(typeof type === 'string' && { type }),
    ...(e.path && { path: e.path }),
    ...(e.locations && { locations: e.locations }),
    message: e.message,
  };
}

/**
 * GitHub's GraphQL endpoint over the fake repository: each document is parsed and validated against
 * GitHub's published schema, then executed with resolvers over the fake. A document GitHub would
 * refuse (an unknown field, a wrong argument or variable type, a syntax error) gets what GitHub
 * answers: HTTP 200 with `errors` and no `data` (@octokit/graphql turns that into a
 * GraphqlResponseError). Errors while resolving leave their field null beside the other data.
 */
export function graphqlHandler(s: FakeGitHubState, limits: { blobText: number }) {
  return http.post(s.urls.graphql, async ({ request }) => {
    const body = (await request.json()) as GraphqlBody;
    if (typeof body.query !== 'string')
      return HttpResponse.json({
        errors: [{ message: 'A query attribute must be specified and must be a string.' }],
      });
    let document: DocumentNode;
    try {
      document = parse(body.query);
    } catch (error) {
      return HttpResponse.json({ errors: [githubError(error as GraphQLError)] });
    }
    const invalid = validate(githubSchema, document);
    if (invalid.length) return HttpResponse.json({ errors: invalid.map(githubError) });
    const result = await execute({
      schema: githubSchema,
      document,
      rootValue: queryRoot(s, limits),
      variableValues: body.variables ?? {},
      operationName: body.operationName ?? null,
    });
    return HttpResponse.json({
      ...('data' in result && result.data !== undefined && { data: result.data }),
      ...(result.errors?.length && { errors: result.errors.map(githubError) }),
    });
  });
}
