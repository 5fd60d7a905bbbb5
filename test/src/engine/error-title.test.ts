import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../src/diagnostics.ts';
import { errorTitle } from '../../../src/engine/sync-job.ts';

const error = (line: number, message: string): Diagnostic => ({
  file: 'guard/upgrade.yaml',
  line,
  col: 10,
  field: 'version',
  message,
  severity: 'error',
});

describe('errorTitle', () => {
  it('names the first error with file, line and column, and counts the rest', () => {
    const title = errorTitle([error(4, "'1.x' is not a version"), error(9, 'a'), error(12, 'b')]);

    expect(title).toBe("guard/upgrade.yaml:4:10: version: '1.x' is not a version (and 2 more errors)");
  });

  it('says "error" for one more', () => {
    expect(errorTitle([error(4, 'x'), error(5, 'y')])).toMatch(/\(and 1 more error\)$/);
  });

  it('cuts a long first error, never the count, to stay within 255 characters on one line', () => {
    const title = errorTitle([error(4, `too\nlong ${'x'.repeat(400)}`), error(5, 'y')]);

    expect(title).toHaveLength(255);
    expect(title).not.toContain('\n');
    expect(title.endsWith('… (and 1 more error)')).toBe(true);
    expect(title.startsWith('guard/upgrade.yaml:4:10: version: too long x')).toBe(true);
  });
});
