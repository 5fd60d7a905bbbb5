import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { RepoSnapshot } from '../../src/repo/repo-snapshot.ts';

const SKIP_DIRS = new Set(['.git', 'node_modules', '.guard']);
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The working tree of a checkout as a repo snapshot. Folders are listed and files read on demand, once. */
export function fsRepo(root: string): RepoSnapshot {
  const listings = new Map<string, readonly string[]>();
  const texts = new Map<string, string | undefined>();
  return {
    list: (dir) => {
      let files = listings.get(dir);
      if (!files) {
        files = walk(root, join(root, dir)).sort();
        listings.set(dir, files);
      }
      return files;
    },
    read: (path) => {
      if (!texts.has(path)) texts.set(path, readText(join(root, path)));
      return texts.get(path);
    },
  };
}

function walk(root: string, dir: string): string[] {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return []; // a folder a template names but this checkout does not have
  }
  const out: string[] = [];
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) out.push(...walk(root, full));
    } else if (entry.isFile()) {
      out.push(relative(root, full).split(sep).join('/'));
    }
  }
  return out;
}

function readText(path: string): string | undefined {
  try {
    return utf8.decode(readFileSync(path));
  } catch {
    return undefined;
  }
}
