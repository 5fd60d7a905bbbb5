import { schema } from '@octokit/graphql-schema';
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from 'graphql';

/**
 * GitHub's GraphQL schema as GitHub publishes it (@octokit/graphql-schema ships the introspection
 * result of api.github.com), built once per test process. Its SDL twin repeats a few fields, which
 * graphql's SDL builder rejects; the introspection result is what the package itself validates with.
 */
export const githubSchema: GraphQLSchema = buildClientSchema(schema.json as IntrospectionQuery);
