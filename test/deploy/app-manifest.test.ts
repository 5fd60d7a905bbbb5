import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { GITHUB_EVENTS } from '../../handlers/github/create-github-app.ts';

const manifest = parse(readFileSync(join(import.meta.dirname, '..', '..', 'app.yml'), 'utf8')) as {
  name: string;
  url: string;
  public: boolean;
  default_permissions: Record<string, string>;
  default_events: string[];
  hook_attributes?: unknown;
  redirect_url?: unknown;
};

/** Sent to every GitHub App without a subscription; a manifest cannot list them. */
const ALWAYS_SENT = new Set(['installation', 'installation_repositories']);

describe('app.yml, the GitHub App manifest', () => {
  it('asks for exactly the least permissions GUARD needs', () => {
    expect(manifest.default_permissions).toEqual({
      contents: 'write',
      pull_requests: 'write',
      checks: 'write',
      statuses: 'write',
      issues: 'write',
      metadata: 'read',
      members: 'read',
    });
  });

  it('subscribes to exactly the events the GitHub app handles', () => {
    const handled = GITHUB_EVENTS.filter((e) => !ALWAYS_SENT.has(e));

    expect([...manifest.default_events].sort()).toEqual([...handled].sort());
  });

  it('has the homepage GitHub requires and leaves the instance-specific URLs to the setup page', () => {
    expect(manifest.url).toMatch(/^https:\/\//);
    expect(manifest.hook_attributes).toBeUndefined();
    expect(manifest.redirect_url).toBeUndefined();
    expect(manifest.public).toBe(false);
  });
});
