import { respliceVersions } from '../manifests/splice.ts';
import type { VersionField } from '../manifests/version-field.ts';
import { mapped } from '../util/mapped.ts';
import type { FileEdit, PlannedField } from './plan-types.ts';

/**
 * A confirmed edit of a file whose text planning read, as the wave MR will make it. It keeps the
 * text it was planned on and writes the edited text each time it is asked for (the splice is
 * cheap and already confirmed): a plan of ten thousand files then holds each file's text once, not
 * twice, and an edited text lives only as long as whoever asked for it keeps it.
 */
export function fileEdit(
  path: string,
  before: string,
  fields: VersionField[],
  changes: PlannedField[],
): FileEdit {
  const edit = { path, before } as FileEdit;
  // An own enumerable property in FileEdit's order, so the edit spreads, compares and prints as a
  // plain one does; the accessor is shared by every edit.
  Object.defineProperty(edit, 'after', AFTER);
  edit.changes = changes;
  edit.fields = fields;
  return edit;
}

const AFTER: PropertyDescriptor = {
  enumerable: true,
  configurable: true,
  get(this: FileEdit) {
    return respliceVersions(
      this.before,
      mapped(this.fields, (field, i) => ({ field, to: this.changes[i]!.to })),
    );
  },
  set(this: FileEdit, text: string) {
    Object.defineProperty(this, 'after', {
      value: text,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  },
};
