import { type IssueSpec, withMarker } from '../../../src/ports/forge.ts';
import type { GitHubClient } from './client.ts';
import { hasNextPage } from './merge-requests.ts';
import { type Authored, writtenByGuard } from './written-by-guard.ts';

interface IssueJson extends Authored {
  number: number;
  html_url: string;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  labels: { name: string }[];
  pull_request?: unknown;
}

/**
 * GUARD's own issue carrying `marker` among those with all of `labels`, open or closed, over every
 * page. Anyone may open an issue with the marker in it, and a triager may label it.
 */
async function findIssue(client: GitHubClient, spec: IssueSpec): Promise<IssueJson | undefined> {
  for (let page = 1; ; page++) {
    const { data, headers } = await client.rest<IssueJson[]>('GET /repos/{owner}/{repo}/issues', {
      state: 'all',
      ...(spec.labels.length && { labels: spec.labels.join(',') }),
      per_page: 100,
      page,
    });
    const found = data.find(
      (i) => !i.pull_request && i.body?.includes(spec.marker) && writtenByGuard(client, i),
    );
    if (found || !hasNextPage(headers)) return found;
  }
}

function differs(issue: IssueJson, spec: IssueSpec, body: string): boolean {
  const labels = issue.labels.map((l) => l.name).sort();
  return (
    issue.title !== spec.title ||
    issue.body !== body ||
    issue.state !== (spec.open ? 'open' : 'closed') ||
    labels.join('\n') !== [...spec.labels].sort().join('\n')
  );
}

/** Creates, updates, closes or reopens the dashboard issue found by its marker. */
export async function ensureIssue(
  client: GitHubClient,
  spec: IssueSpec,
): Promise<{ number: number; url: string }> {
  const body = withMarker(spec.marker, spec.body);
  const fields = { title: spec.title, body, labels: [...spec.labels], state: spec.open ? 'open' : 'closed' };
  const found = await findIssue(client, spec);
  if (found) {
    if (differs(found, spec, body)) {
      await client.rest('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
        issue_number: found.number,
        ...fields,
      });
    }
    return { number: found.number, url: found.html_url };
  }
  const { data } = await client.rest<IssueJson>('POST /repos/{owner}/{repo}/issues', {
    title: spec.title,
    body,
    labels: fields.labels,
  });
  client.memo.createdThreads.add(data.number);
  if (!spec.open) {
    await client.rest('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
      issue_number: data.number,
      state: 'closed',
    });
  }
  return { number: data.number, url: data.html_url };
}
