import { type FileHandle, open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { syncDir } from './write-atomic.ts';

const NEWLINE = 0x0a;

/**
 * Appends one line to a JSON-lines file and fsyncs it. The caller holds the file's lock. A crash
 * mid-append leaves a torn last line with no newline; it was never acknowledged, so it is cut off
 * here before the next line goes on, which keeps every line of the file whole.
 */
export async function appendLine(path: string, line: string): Promise<void> {
  const file = await open(path, 'a+');
  let created = false;
  try {
    const { size } = await file.stat();
    created = size === 0;
    const whole = await endOfLastWholeLine(file, size);
    if (whole < size) await file.truncate(whole);
    // One write call: with O_APPEND the line lands at the end in one piece.
    const bytes = Buffer.from(`${line}\n`, 'utf8');
    const { bytesWritten } = await file.write(bytes, 0, bytes.length);
    if (bytesWritten !== bytes.length) throw new Error(`short write to ${path} (disk full?)`);
    await file.sync();
  } finally {
    await file.close();
  }
  // The first append creates the file; its name must survive a crash as well.
  if (created) await syncDir(dirname(path));
}

/** Whole lines of a JSON-lines file, parsed; a torn last line (no newline yet) is ignored. */
export async function readLines<T>(path: string): Promise<T[]> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  const lines = text.split('\n');
  lines.pop(); // '' after the final newline, or the torn tail of a crashed append
  return lines.map((line, index) => {
    try {
      return JSON.parse(line) as T;
    } catch {
      throw new Error(`${path}:${index + 1}: not a JSON line; the audit file was edited or damaged`);
    }
  });
}

/** Offset just past the last newline, reading backwards in chunks (records can be large). */
async function endOfLastWholeLine(file: FileHandle, size: number): Promise<number> {
  if (size === 0) return 0;
  const last = Buffer.alloc(1);
  await file.read(last, 0, 1, size - 1);
  if (last[0] === NEWLINE) return size; // the usual case: no crash since the last append
  const chunk = Buffer.alloc(64 * 1024);
  for (let end = size; end > 0; ) {
    const start = Math.max(0, end - chunk.length);
    const { bytesRead } = await file.read(chunk, 0, end - start, start);
    const at = chunk.subarray(0, bytesRead).lastIndexOf(NEWLINE);
    if (at >= 0) return start + at + 1;
    end = start;
  }
  return 0;
}
