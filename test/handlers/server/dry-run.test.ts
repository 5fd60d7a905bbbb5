import { describe, expect, it } from 'vitest';
import { dryRunForge } from '../../../handlers/server/dry-run.ts';
import type { Logger } from '../../../src/engine/logger.ts';
import { fleetForge } from './server-kit.ts';

function recordingLogger() {
  const lines: { message: string; fields: Record<string, unknown> }[] = [];
  const log: Logger = {
    debug: () => {},
    info: (fields, message) => lines.push({ message, fields: fields as Record<string, unknown> }),
    warn: () => {},
    error: () => {},
    child: () => log,
  };
  return { log, lines };
}

describe('the dry-run forge', () => {
  it('logs every write instead of doing it and answers plausibly', async () => {
    const fake = fleetForge();
    const { log, lines } = recordingLogger();
    const forge = dryRunForge(fake.forge, log);
    const head = fake.branchHead('main')!;

    const commit = await forge.ensureBranchCommit({
      branch: 'guard/x',
      base: head,
      message: 'bump',
      changes: [{ path: 'a.yaml', content: 'x' }],
    });
    const mr = await forge.ensureMergeRequest({
      branch: 'guard/x',
      target: 'main',
      title: 'Bump',
      body: 'b',
      labels: ['guard'],
    });
    await forge.ensureComment({ on: { kind: 'mr', number: mr.number }, marker: 'm', body: 'hello' });
    await forge.setCheck({ sha: head, name: 'guard/plan', state: 'success', title: 'ok', summary: 's' });
    await forge.ensureIssue({ marker: 'd', title: 'Dashboard', body: 'b', labels: [], open: true });

    expect(fake.writes()).toEqual([]);
    expect(fake.branches()).toEqual(['main']);
    expect(commit.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(mr).toMatchObject({ state: 'open', branch: 'guard/x', title: 'Bump' });
    expect(lines.map((l) => l.fields.verb)).toEqual([
      'ensureBranchCommit',
      'ensureMergeRequest',
      'ensureComment',
      'setCheck',
      'ensureIssue',
    ]);
    expect(lines.every((l) => l.message === 'dry run: forge write skipped' && l.fields.dryRun === true)).toBe(
      true,
    );
    expect(lines[0]?.fields.paths).toEqual(['a.yaml']);
  });

  it('passes reads through to the forge', async () => {
    const fake = fleetForge();
    const forge = dryRunForge(fake.forge, recordingLogger().log);

    const files = await forge.readFiles('main', ['guard/upgrade.yaml']);

    expect(files.get('guard/upgrade.yaml')).toContain('service: promtail');
  });
});
