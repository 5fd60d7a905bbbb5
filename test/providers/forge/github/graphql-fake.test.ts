import { describe, expect, it } from 'vitest';
import { createGitHubClient, GitHubRequestError } from '../../../../providers/forge/github/client.ts';
import { DEFAULT_BRANCH, TEAMS } from '../../../../providers/forge/github/graphql-documents.ts';
import { SEED } from '../../../contract/forge/context.ts';
import { makeGitHubHarness } from './harness.ts';

/** A seeded fake and a raw GraphQL call on the production Octokit, answering what GitHub answers. */
async function rawGraphql() {
  const h = await makeGitHubHarness();
  h.seed(SEED);
  return async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await h.octokit.request('POST /graphql', { query, variables });
    return { status: response.status, body: response.data as { data?: unknown; errors?: object[] } };
  };
}

describe('the fake GitHub GraphQL API', () => {
  it('refuses a field the schema lacks with HTTP 200, errors and no data, as GitHub does', async () => {
    const graphql = await rawGraphql();

    const answer = await graphql(
      'query { repository(owner: "acme", name: "fleet") { defaultBranch { name } } }',
    );

    expect(answer.status).toBe(200);
    expect(answer.body.data).toBeUndefined();
    expect(answer.body.errors).toEqual([
      expect.objectContaining({
        message: 'Cannot query field "defaultBranch" on type "Repository". Did you mean "defaultBranchRef"?',
      }),
    ]);
  });

  it('refuses a variable of the wrong type', async () => {
    const graphql = await rawGraphql();

    const answer = await graphql(
      'query($oid: String!) { repository(owner: "acme", name: "fleet") { object(oid: $oid) { oid } } }',
      { oid: 'abc' },
    );

    expect(answer.body.errors).toEqual([
      expect.objectContaining({
        message: 'Variable "$oid" of type "String!" used in position expecting type "GitObjectID".',
      }),
    ]);
  });

  it('answers a repository it does not have with null and a NOT_FOUND error', async () => {
    const graphql = await rawGraphql();

    const answer = await graphql(DEFAULT_BRANCH, { owner: 'acme', name: 'nope' });

    expect(answer.body).toEqual({
      data: { repository: null },
      errors: [
        {
          type: 'NOT_FOUND',
          path: ['repository'],
          locations: [{ line: 2, column: 3 }],
          message: "Could not resolve to a Repository with the name 'acme/nope'.",
        },
      ],
    });
  });

  it('refuses more than 100 records on a connection', async () => {
    const graphql = await rawGraphql();

    const answer = await graphql(TEAMS.replace('first: 100', 'first: 101'), { org: 'acme', login: 'alice' });

    expect(answer.body.errors).toEqual([
      expect.objectContaining({
        type: 'EXCESSIVE_PAGINATION',
        message: 'Requesting 101 records on the `teams` connection exceeds the `first` limit of 100 records.',
      }),
    ]);
  });
});

describe('the GitHub adapter on GraphQL errors', () => {
  it("fails the call with GitHub's message when GitHub refuses the document", async () => {
    const h = await makeGitHubHarness();
    h.seed(SEED);
    const client = createGitHubClient({ octokit: h.octokit, owner: 'acme', repo: 'fleet' });

    const call = client.graphql(DEFAULT_BRANCH.replace('defaultBranchRef', 'defaultBranch'), {
      owner: 'acme',
      name: 'fleet',
    });

    await expect(call).rejects.toThrow(GitHubRequestError);
    await expect(call).rejects.toThrow(/GitHub GraphQL query failed: Cannot query field "defaultBranch"/);
  });

  it('reads a NOT_FOUND field as absent and keeps the rest of the data', async () => {
    const h = await makeGitHubHarness();
    h.seed(SEED);
    const client = createGitHubClient({ octokit: h.octokit, owner: 'acme', repo: 'fleet' });

    const data = await client.graphql<{ organization: unknown }>(TEAMS, { org: 'someone', login: 'alice' });

    expect(data).toEqual({ organization: null });
  });
});
