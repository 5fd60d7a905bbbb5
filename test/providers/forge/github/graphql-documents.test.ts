import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BRANCH, graphqlDocuments } from '../../../../providers/forge/github/graphql-documents.ts';
import { githubSchema } from '../../../fakes/github-server/github-schema.ts';

const ADAPTER = join(import.meta.dirname, '../../../../providers/forge/github');

const problems = (document: string) => validate(githubSchema, parse(document)).map((e) => e.message);

describe("the GitHub adapter's GraphQL documents", () => {
  it.each(Object.entries(graphqlDocuments))(
    "%s is valid against GitHub's published schema",
    (_, document) => {
      expect(problems(document)).toEqual([]);
    },
  );

  it('would be refused with a field GitHub does not have', () => {
    expect(problems(DEFAULT_BRANCH.replace('defaultBranchRef', 'defaultBranch'))).toEqual([
      'Cannot query field "defaultBranch" on type "Repository". Did you mean "defaultBranchRef"?',
    ]);
  });

  it('are all kept in graphql-documents.ts, where the checks above see them', () => {
    const elsewhere = readdirSync(ADAPTER)
      .filter((f) => f.endsWith('.ts') && f !== 'graphql-documents.ts')
      .filter((f) => /\b(query|mutation)\s*[\w$(]*\s*[({]/.test(readFileSync(join(ADAPTER, f), 'utf8')));

    expect(elsewhere).toEqual([]);
  });
});
