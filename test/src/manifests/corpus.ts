import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { Diagnostic } from '../../../src/diagnostics.ts';
import { findVersionFields } from '../../../src/manifests/find-version-fields.ts';
import { readManifest } from '../../../src/manifests/manifest-file.ts';
import type { ScalarStyle, VersionField } from '../../../src/manifests/version-field.ts';

/** The manifest corpus of test/fixtures/manifests, described by its index.json. */
export const FIXTURES = fileURLToPath(new URL('../../fixtures/manifests/', import.meta.url));

export interface IndexEntry {
  /** Path under test/fixtures/manifests, also used as the repository path given to readManifest. */
  file: string;
  /** Chart → current version of every field that sets it, in the order findVersionFields reports them. */
  charts: Record<string, string[]>;
}

export interface CorpusFile extends IndexEntry {
  /** Test name: the file, plus the line-ending variant when it is not the file as stored. */
  name: string;
  text: string;
}

export function readIndex(): IndexEntry[] {
  return (JSON.parse(readFileSync(`${FIXTURES}index.json`, 'utf8')) as { files: IndexEntry[] }).files;
}

export function readFixture(file: string): string {
  return readFileSync(`${FIXTURES}${file}`, 'utf8');
}

/**
 * Every fixture as stored, plus the same file with the other line ending (LF files converted to
 * CRLF, CRLF files to LF), so each case runs with both.
 */
export function loadCorpus(): CorpusFile[] {
  const out: CorpusFile[] = [];
  for (const entry of readIndex()) {
    const text = readFixture(entry.file);
    out.push({ ...entry, name: entry.file, text });
    if (text.includes('\r\n'))
      out.push({ ...entry, name: `${entry.file} (as LF)`, text: text.replace(/\r\n/g, '\n') });
    else out.push({ ...entry, name: `${entry.file} (as CRLF)`, text: text.replace(/\n/g, '\r\n') });
  }
  return out;
}

/** Reads `text` as a manifest and collects the version fields of every chart, in `charts` order. */
export function readFields(
  path: string,
  text: string,
  charts: readonly string[],
): { fields: VersionField[]; diagnostics: Diagnostic[] } {
  const read = readManifest(path, text);
  if (!read.file) return { fields: [], diagnostics: read.diagnostics };
  const fields: VersionField[] = [];
  const diagnostics: Diagnostic[] = [...read.diagnostics];
  for (const chart of charts) {
    const found = findVersionFields([read.file], chart);
    fields.push(...found.fields);
    diagnostics.push(...found.diagnostics);
  }
  return { fields, diagnostics };
}

/**
 * A version that can be written as a plain scalar and read back as the same string, in a block
 * mapping and in a flow collection alike: version characters only, and not a number, bool or null,
 * neither in YAML 1.2 nor in the YAML 1.1 that Kubernetes tooling reads (yes, no, on, off, y, n …).
 */
export function safeAsPlain(value: string): boolean {
  if (!/^[A-Za-z0-9][A-Za-z0-9._+-]*$/.test(value)) return false;
  if (
    /^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$/.test(
      value,
    )
  )
    return false;
  const block = parse(`k: ${value}\n`) as { k: unknown };
  const flow = parse(`[${value}]`) as unknown[];
  return block.k === value && flow[0] === value;
}

/** The quoting an edited scalar must end up with. */
export function expectedStyle(from: ScalarStyle, to: string): ScalarStyle {
  if (from === 'plain') return safeAsPlain(to) ? 'plain' : 'double';
  return from;
}

/** `text` with each `[start, end)` range replaced by its text; ranges must not overlap. */
export function replaceRanges(
  text: string,
  parts: readonly { start: number; end: number; text: string }[],
): string {
  let out = text;
  for (const p of [...parts].sort((a, b) => b.start - a.start))
    out = out.slice(0, p.start) + p.text + out.slice(p.end);
  return out;
}

/** 0-based indices of the lines (split at `\n`, so a CRLF line keeps its `\r`) that differ. */
export function changedLines(before: string, after: string): number[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const changed: number[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) if (a[i] !== b[i]) changed.push(i);
  return changed;
}

/** 0-based line index of a source offset. */
export function lineIndexAt(text: string, offset: number): number {
  let line = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line += 1;
  return line;
}
