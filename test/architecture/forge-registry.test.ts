import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { forges } from '../../providers/forge/api.ts';
import { createGitHubForge } from '../../providers/forge/github/index.ts';
import { createGitLabApi, createGitLabForge } from '../../providers/forge/gitlab/index.ts';
import { authorize } from '../../src/commands/authorize.ts';
import { FORGE_KINDS, type Forge, type ForgeKind } from '../../src/ports/forge.ts';

const ROOT = join(import.meta.dirname, '../..');
const offline = () => Promise.reject(new Error('no network in this test'));

/** Each adapter, built without touching the network. */
const ADAPTERS: Record<ForgeKind, () => Forge> = {
  github: () => createGitHubForge({ octokit: {} as never, owner: 'acme', repo: 'fleet', appId: 1 }),
  gitlab: () =>
    createGitLabForge({
      api: createGitLabApi({ host: 'https://gitlab.example.com', token: 't', fetch: offline }),
      project: 'acme/fleet',
      botUserId: 1,
    }),
};

describe('forge registry', () => {
  it('registers every forge kind, one folder under providers/forge/ each', () => {
    const folders = readdirSync(join(ROOT, 'providers/forge'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();

    expect(Object.keys(forges).sort()).toEqual([...FORGE_KINDS].sort());
    expect(folders).toEqual([...FORGE_KINDS].sort());
  });

  it.each(FORGE_KINDS)('the %s adapter is of its kind and speaks with the registered terms', (kind) => {
    const forge = ADAPTERS[kind]();

    expect(forge.kind).toBe(kind);
    expect(forge.terms).toBe(forges[kind].terms);
  });

  it.each(FORGE_KINDS)('names every permission a %s user can hold', (kind) => {
    const { terms } = forges[kind];
    const levels = ['none', 'read', 'triage', 'write', 'maintain', 'admin'] as const;

    expect(levels.filter((level) => /undefined|^$/.test(terms.yours(level)))).toEqual([]);
    expect(Object.values(terms.levels).length).toBeGreaterThan(2);
  });

  it.each(FORGE_KINDS)('docs/forges/%s.md uses the words GUARD replies with there', (kind) => {
    const page = readFileSync(join(ROOT, `docs/forges/${kind}.md`), 'utf8').replace(/\s+/g, ' ');
    const { terms } = forges[kind];
    const refusal = authorize({
      command: 'skip-soak',
      actor: { login: 'alice', isBot: false, permission: 'write', teams: [] },
      terms,
    });

    expect(page).toContain(`**${terms.mergeRequest}**`);
    expect(page).toContain(`**${terms.teams}**`);
    expect(Object.values(terms.levels).filter((name) => !page.includes(`**${name}**`))).toEqual([]);
    expect(refusal.allowed).toBe(false);
    expect(page).toContain((refusal as { reason: string }).reason);
  });
});
