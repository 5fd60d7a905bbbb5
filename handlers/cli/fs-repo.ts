import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RepoSnapshot } from '../../src/repo/repo-snapshot.ts';

const SKIP_DIRS = new Set(['.git', 'node_modules', '.guard']);
// ignoreBOM keeps a leading byte order mark in the text, so edits write the file back byte for byte.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The working tree of a checkout as a repo snapshot. Folders are listed and files read on demand,
 * once. Symbolic links are never followed, so nothing outside the checkout is read or written
 * through one, and `.git`, `node_modules` and `.guard` are not part of the repository.
 */
export function fsRepo(root: string): RepoSnapshot {
  const listings = new Map<string, readonly string[]>();
  const texts = new Map<string, string | undefined>();
  return {
    list: (dir) => {
      let files = listings.get(dir);
      if (!files) {
        files = insideRepo(root, dir) ? walk(root, dir.replace(/\/$/, '')).sort() : [];
        listings.set(dir, files);
      }
      return files;
    },
    read: (path) => {
      if (!texts.has(path)) texts.set(path, insideRepo(root, path) ? readText(join(root, path)) : undefined);
      return texts.get(path);
    },
  };
}

/** True when no segment of `path` is `..`, a skipped folder, or a symbolic link (checked one by one). */
export function insideRepo(root: string, path: string): boolean {
  const segments = path.split('/').filter(Boolean);
  if (segments.some((s) => s === '..' || SKIP_DIRS.has(s))) return false;
  let at = root;
  for (const segment of segments) {
    at = join(at, segment);
    try {
      if (lstatSync(at).isSymbolicLink()) return false;
    } catch {
      return true; // does not exist: nothing to follow
    }
  }
  return true;
}

function walk(root: string, dir: string): string[] {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(join(root, dir), { withFileTypes: true });
  } catch {
    return []; // a folder a template names but this checkout does not have
  }
  const out: string[] = [];
  for (const entry of entries) {
    const path = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory() && !SKIP_DIRS.has(entry.name)) out.push(...walk(root, path));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

function readText(path: string): string | undefined {
  try {
    if (!lstatSync(path).isFile()) return undefined;
    return utf8.decode(readFileSync(path));
  } catch {
    return undefined;
  }
}
