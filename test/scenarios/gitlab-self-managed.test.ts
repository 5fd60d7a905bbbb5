import { describe, expect, it } from 'vitest';
import type { ForgeEvent } from '../../src/engine/events.ts';
import { createGitLabWorld, type GitLabWorld } from './gitlab-world.ts';
import { requestYaml, waveBranch } from './world.ts';

/** GITLAB_URL of a self-managed GitLab served under a path prefix. */
const GITLAB_URL = 'https://example.com/gitlab';

const shaOf = (event: ForgeEvent) => (event as Extract<ForgeEvent, { kind: 'push' }>).after;
const statusOf = (w: GitLabWorld, sha: string, name: string) =>
  w.world.statuses.filter((s) => s.sha === sha && s.name === name).at(-1);

describe('scenario on a self-managed GitLab under a path prefix', () => {
  it('reaches REST and GraphQL under the prefix and links to pages under it, from a broken request to the next wave', async () => {
    const w = await createGitLabWorld(GITLAB_URL);

    const broken = w.push({ 'guard/upgrade.yaml': requestYaml().replace('version: 6.16.0', 'version: six') });
    await w.deliver(broken);

    const request = statusOf(w, shaOf(broken), 'guard/request');
    const [note] = (w.world.commitDiscussions.get(shaOf(broken)) ?? []).flatMap((d) => d.notes);
    expect(request?.status).toBe('failed');
    expect(request?.description).toMatch(/^guard\/upgrade\.yaml:4:\d+: version: /);
    expect(note?.body).toMatch(/guard\/upgrade\.yaml:4:\d+: version: /);
    expect(request?.target_url).toBe(`${GITLAB_URL}/acme/fleet/-/commit/${shaOf(broken)}#note_${note?.id}`);

    await w.deliver(w.push({ 'guard/upgrade.yaml': requestYaml() }));
    await w.deliver(w.merge(waveBranch('test')));
    await w.soakFor(21 * 60_000);

    expect(w.mrOf(waveBranch('test'))?.state).toBe('merged');
    expect(w.mrOf(waveBranch('dev'))?.state).toBe('opened');
    const dashboard = w.world.issues.find((i) => i.labels.includes('guard/dashboard'));
    expect(dashboard?.description).toContain(`${GITLAB_URL}/acme/fleet/-/merge_requests/`);
    const urls = w.fake.requests().map((r) => r.url);
    expect(urls.filter((u) => u.startsWith(`${GITLAB_URL}/api/v4/`)).length).toBeGreaterThan(10);
    expect(urls).toContain(`${GITLAB_URL}/api/graphql`);
    expect(
      urls.filter((u) => !u.startsWith(`${GITLAB_URL}/api/v4/`) && u !== `${GITLAB_URL}/api/graphql`),
    ).toEqual([]);
    expect(w.unhandled()).toEqual([]);
    expect(w.logs.filter((l) => l.level === 'error')).toEqual([]);
  });
});
