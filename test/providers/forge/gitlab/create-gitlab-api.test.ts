import { describe, expect, it } from 'vitest';
import { createGitLabApi, GitLabApiError } from '../../../../providers/forge/gitlab/create-gitlab-api.ts';
import { RETRY_LIMITS } from '../../../../src/util/with-retry.ts';

const TOKEN = 'glpat-secret-value';

function recordingFetch(answer: () => Response) {
  const seen: Request[] = [];
  const fetch = async (resource: string | URL | Request, init?: RequestInit) => {
    seen.push(new Request(resource, init));
    return answer();
  };
  return { seen, fetch: fetch as typeof globalThis.fetch };
}

describe('createGitLabApi', () => {
  it('sends the token as PRIVATE-TOKEN to the host given', async () => {
    const { seen, fetch } = recordingFetch(() => Response.json({ id: 1 }));
    const api = createGitLabApi({ host: 'https://gitlab.example.com', token: TOKEN, fetch });

    const answer = await api.requester.get('projects/acme%2Ffleet');

    expect(answer.body).toEqual({ id: 1 });
    expect(seen[0]?.url).toBe('https://gitlab.example.com/api/v4/projects/acme%2Ffleet');
    expect(seen[0]?.headers.get('private-token')).toBe(TOKEN);
  });

  it("retries a 502 in GUARD's layer only, one request per try, and reports it without the token", async () => {
    const { seen, fetch } = recordingFetch(() => new Response('502 Bad Gateway', { status: 502 }));
    const sleeps: number[] = [];
    const retry = { sleep: async (ms: number) => void sleeps.push(ms), random: () => 0.5 };
    const api = createGitLabApi({ host: 'https://gitlab.example.com', token: TOKEN, fetch, retry });

    const error = await api.requester.get('projects/acme%2Ffleet').catch((e: unknown) => e);

    expect(seen).toHaveLength(RETRY_LIMITS.tries);
    expect(sleeps).toHaveLength(RETRY_LIMITS.tries - 1);
    expect((error as Error).cause).toBeInstanceOf(GitLabApiError);
    expect((error as Error).cause).toMatchObject({ status: 502 });
    expect(String((error as Error).message)).not.toContain(TOKEN);
  });

  it.each([
    ['https://example.com/gitlab', 'https://example.com/gitlab/api/v4/projects/acme%2Ffleet'],
    ['https://example.com/gitlab/', 'https://example.com/gitlab/api/v4/projects/acme%2Ffleet'],
    ['https://gitlab.com/', 'https://gitlab.com/api/v4/projects/acme%2Ffleet'],
  ])('serves REST under the path of GITLAB_URL=%s', async (host, expected) => {
    const { seen, fetch } = recordingFetch(() => Response.json({ id: 1 }));
    const api = createGitLabApi({ host, token: TOKEN, fetch });

    await api.Projects.show('acme/fleet');

    expect(seen[0]?.url).toBe(expected);
  });

  it("reads GitLab's reason from a JSON message list", async () => {
    const body = { message: ['Another open merge request already exists for this source branch: !1'] };
    const { fetch } = recordingFetch(() => Response.json(body, { status: 409 }));
    const api = createGitLabApi({ host: 'https://gitlab.example.com', token: TOKEN, fetch });

    const error = await api.requester
      .post('projects/1/merge_requests', { body: {} })
      .catch((e: unknown) => e);

    expect((error as GitLabApiError).description).toContain('Another open merge request already exists');
  });
});
