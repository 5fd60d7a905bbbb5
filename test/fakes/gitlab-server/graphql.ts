import { HttpResponse } from 'msw';
import type { FakeWorld } from './world.ts';

/** GitLab's limit on `blobs(paths:)` per query in this fake (the adapter sends ≤ 50). */
const MAX_PATHS = 100;

/** POST /api/graphql: only the repository blobs query GUARD sends; anything else is a GraphQL error. */
export function answerGraphql(
  world: FakeWorld,
  body: { query?: string; variables?: Record<string, unknown> },
) {
  const query = body.query ?? '';
  const variables = body.variables ?? {};
  if (!/project\(fullPath:/.test(query) || !/blobs\(ref:/.test(query)) {
    return HttpResponse.json({
      errors: [{ message: 'the fake GitLab answers only the repository blobs query' }],
    });
  }
  if (variables.path !== world.project.path) return HttpResponse.json({ data: { project: null } });
  const paths = (variables.paths ?? []) as string[];
  if (paths.length > MAX_PATHS) {
    return HttpResponse.json({ errors: [{ message: `too many paths: ${paths.length}` }] });
  }
  const commit = world.repo.resolve(String(variables.ref));
  const nodes = paths.flatMap((path) => {
    const content = commit?.files.get(path);
    return content === undefined ? [] : [{ path, rawTextBlob: content }];
  });
  return HttpResponse.json({ data: { project: { repository: { blobs: { nodes } } } } });
}
