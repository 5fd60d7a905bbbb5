import { describe, expect, it } from 'vitest';
import { createGitLabApi, GitLabApiError } from '../../../../providers/forge/gitlab/create-gitlab-api.ts';

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

  it('tries a 502 once and reports it without the token', async () => {
    const { seen, fetch } = recordingFetch(() => new Response('502 Bad Gateway', { status: 502 }));
    const api = createGitLabApi({ host: 'https://gitlab.example.com', token: TOKEN, fetch });

    const error = await api.requester.get('projects/acme%2Ffleet').catch((e: unknown) => e);

    expect(seen).toHaveLength(1);
    expect(error).toBeInstanceOf(GitLabApiError);
    expect(error).toMatchObject({ status: 502 });
    expect(String((error as Error).message)).not.toContain(TOKEN);
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
