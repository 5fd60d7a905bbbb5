import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookupServiceProvider, serviceProviders } from '../../../providers/services/api.ts';
import { spliceVersions } from '../../../src/manifests/splice.ts';
import { planRepo } from '../../../src/planner/plan-repo.ts';
import { type RepoSnapshot, snapshotOf } from '../../../src/repo/repo-snapshot.ts';
import { generateFleet } from '../../bench/generate-fleet.ts';

/** The realistic bench fleet, small: per-cluster values, quoting, comments, CRLF, split gateway files. */
let files: Record<string, string>;
let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'guard-file-edit-'));
  generateFleet(scratch, 150, 'realistic');
  files = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files[relative(scratch, full)] = readFileSync(full, 'utf8');
    }
  };
  walk(scratch);
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A snapshot of `files` that counts how often each file is read. */
function counting(): { repo: RepoSnapshot; reads: Map<string, number> } {
  const inner = snapshotOf(files);
  const reads = new Map<string, number>();
  return {
    reads,
    repo: {
      list: (dir) => inner.list(dir),
      read: (path) => {
        reads.set(path, (reads.get(path) ?? 0) + 1);
        return inner.read(path);
      },
    },
  };
}

function plan(repo: RepoSnapshot, service = 'istio') {
  return planRepo({
    repo,
    providers: lookupServiceProvider,
    providerIds: [...serviceProviders.keys()],
    service,
  });
}

describe('a plan’s edits', () => {
  it('give every file of a realistic fleet exactly the text the splice of its fields gives', () => {
    const result = plan(snapshotOf(files));
    const edits = result.plans[0]!.waves.flatMap((w) => w.edits);

    expect(result.diagnostics).toEqual([]);
    expect(edits.length).toBeGreaterThan(150);
    for (const edit of edits) {
      const before = files[edit.path]!;
      const reference = spliceVersions(
        before,
        edit.fields.map((field) => ({ field, to: '1.20.1' })),
      );
      expect(edit.before).toBe(before);
      expect(edit.after).toBe(reference);
      expect(edit.after).not.toBe(before);
    }
  });

  it('read each file once, and write the edited text each time it is asked for', () => {
    const { repo, reads } = counting();
    const result = plan(repo, 'promtail');
    const edit = result.plans[0]!.waves[2]!.edits[0]!;
    expect(reads.get(edit.path)).toBe(1);

    const after = edit.after;

    expect(edit.before).toBe(files[edit.path]);
    expect(after).toBe(files[edit.path]!.replace(/version: ("?)6\.15\.3/, 'version: $16.16.0'));
    expect(edit.after).toBe(after);
    expect(reads.get(edit.path)).toBe(1);
  });

  it('spread, compare and print as plain objects with the same fields in the same order', () => {
    const edit = plan(snapshotOf(files), 'promtail').plans[0]!.waves[0]!.edits[0]!;
    const plain = {
      path: edit.path,
      before: files[edit.path],
      after: edit.after,
      changes: edit.changes,
      fields: edit.fields,
    };

    expect({ ...edit }).toEqual(plain);
    expect(Object.keys(edit)).toEqual(['path', 'before', 'after', 'changes', 'fields']);
    expect(JSON.stringify(edit)).toBe(JSON.stringify(plain));
  });

  it('keep an edited text given to them, as a plain edit does', () => {
    const edit = plan(snapshotOf(files), 'promtail').plans[0]!.waves[0]!.edits[0]!;

    edit.after = 'edited by hand\n';

    expect(edit.after).toBe('edited by hand\n');
    expect({ ...edit }.after).toBe('edited by hand\n');
  });
});
