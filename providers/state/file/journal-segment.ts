import { readFile } from 'node:fs/promises';
import type { JournalRecord } from './journal.ts';

/** One journal file: the boot that wrote it and its whole records, in order. */
export interface Segment {
  /** Undefined when even the header line was lost (a power cut right after the file was made). */
  boot?: string;
  records: JournalRecord[];
}

/**
 * Reads a journal file; undefined when there is none. A line that does not parse is the unsynced
 * tail of a write a power cut interrupted (never acknowledged), so it is skipped, not fatal.
 */
export async function readSegment(path: string): Promise<Segment | undefined> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (text === undefined) return undefined;
  const segment: Segment = { records: [] };
  for (const line of text.split('\n')) {
    const parsed = parse(line);
    if (!parsed) continue;
    if (typeof parsed.boot === 'string') segment.boot ??= parsed.boot;
    else if (typeof parsed.key === 'string' && typeof parsed.prev === 'number')
      segment.records.push(parsed as unknown as JournalRecord);
  }
  return segment;
}

function parse(line: string): Record<string, unknown> | undefined {
  if (line === '') return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
