import { respliceVersions } from '../manifests/splice.ts';
import type { VersionField } from '../manifests/version-field.ts';
import type { RepoSnapshot } from '../repo/repo-snapshot.ts';
import type { FileEdit, PlannedField } from './plan-types.ts';

interface Pending {
  repo: RepoSnapshot;
  before?: string;
  after?: string;
}

const PENDING = Symbol('pending');
type Lazy = FileEdit & { [PENDING]: Pending };

/**
 * An edit that planning confirmed, holding its fields rather than its texts: `before` is read back
 * from the snapshot and `after` written again from it the first time either is asked for, then
 * kept. A plan of ten thousand files thus holds no file's text, while the one wave an MR or
 * `--apply-wave` writes reads its few files again. A snapshot must answer a second read of a file
 * as it answered the first, or throw (fs-repo.ts checks each file against what planning read).
 */
export function readBackEdit(
  repo: RepoSnapshot,
  path: string,
  fields: VersionField[],
  changes: PlannedField[],
): FileEdit {
  const edit = {} as Lazy;
  // Own enumerable properties in FileEdit's order, so the edit spreads, compares and prints as a
  // plain one does; the accessors are shared, the state is the edit's own.
  Object.defineProperty(edit, PENDING, { value: { repo } });
  Object.defineProperty(edit, 'path', { value: path, enumerable: true, writable: true, configurable: true });
  Object.defineProperty(edit, 'before', BEFORE);
  Object.defineProperty(edit, 'after', AFTER);
  edit.changes = changes;
  edit.fields = fields;
  return edit;
}

const BEFORE: PropertyDescriptor = {
  enumerable: true,
  configurable: true,
  get(this: Lazy) {
    const pending = this[PENDING];
    if (pending.before === undefined) {
      const text = pending.repo.read(this.path);
      if (text === undefined) throw new Error(`${this.path} can no longer be read`);
      pending.before = text;
    }
    return pending.before;
  },
  set(this: Lazy, text: string) {
    this[PENDING].before = text;
  },
};

const AFTER: PropertyDescriptor = {
  enumerable: true,
  configurable: true,
  get(this: Lazy) {
    const pending = this[PENDING];
    pending.after ??= respliceVersions(
      this.before,
      this.fields.map((field, i) => ({ field, to: this.changes[i]!.to })),
    );
    return pending.after;
  },
  set(this: Lazy, text: string) {
    this[PENDING].after = text;
  },
};
