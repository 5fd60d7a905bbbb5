import { isAscii } from 'node:buffer';
import { closeSync, constants, type Dirent, lstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { bytesDigest, UNREADABLE } from './text-digest.ts';

export const SKIP_DIRS = new Set(['.git', 'node_modules', '.guard']);
// ignoreBOM keeps a leading byte order mark in the text, so edits write the file back byte for byte.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
// O_NOFOLLOW: a file that became a symbolic link after its folder was listed is not opened through.
// O_NONBLOCK: nor does a FIFO put in its place block the read.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

type Kind = 'dir' | 'file' | 'other';
type Listing = Map<string, Kind>;

/**
 * A checkout's folders as listed, read folder by folder as they are asked for: each folder is
 * listed at most once, and what a listing says (folder, file, symbolic link) decides every later
 * question about its entries. Symbolic links are never followed.
 */
export class Tree {
  readonly #root: string;
  readonly #listings = new Map<string, Listing | undefined>();
  /** Folders checked without listing their parent: one lstat each. */
  readonly #checked = new Map<string, boolean>();

  constructor(root: string) {
    this.#root = root;
  }

  /** Every file below folder `dir` ("" for the root), at any depth, as repository paths. */
  files(dir: string): string[] {
    if (!usable(dir) || !this.#isFolder(dir, true)) return [];
    const out: string[] = [];
    const walk = (path: string) => {
      this.#list(path)?.forEach((kind, name) => {
        const child = path ? `${path}/${name}` : name;
        if (kind === 'dir' && !SKIP_DIRS.has(name)) walk(child);
        else if (kind === 'file') out.push(child);
      });
    };
    walk(dir);
    return out;
  }

  /**
   * The text of a regular file reached without a symbolic link (undefined when there is none, or it
   * is not UTF-8), with the digest of the bytes read (text-digest.ts).
   */
  read(path: string): [string | undefined, string] {
    if (!usable(path)) return UNREAD;
    const slash = path.lastIndexOf('/');
    const parent = slash < 0 ? '' : path.slice(0, slash);
    // Only folders found to be real folders are ever listed, so a listing vouches for its folder.
    const listing =
      this.#listings.get(parent) ?? (this.#isFolder(parent, true) ? this.#list(parent) : undefined);
    if (listing?.get(path.slice(slash + 1)) !== 'file') return UNREAD;
    return readText(`${this.#root}/${path}`);
  }

  /**
   * Whether `path` is a folder reached through folders only. Its parent's listing answers when
   * there is one; ancestors are listed (a few folders hold every cluster's); the folder asked for
   * itself is checked with one lstat when its parent was never listed, as listing the parent of
   * each cluster's folder would cost more.
   */
  #isFolder(path: string, leaf: boolean): boolean {
    if (path === '') return true;
    const slash = path.lastIndexOf('/');
    const parent = slash < 0 ? '' : path.slice(0, slash);
    if (!this.#isFolder(parent, false)) return false;
    const listing = this.#listings.get(parent) ?? (leaf ? undefined : this.#list(parent));
    if (listing) return listing.get(path.slice(slash + 1)) === 'dir';
    let known = this.#checked.get(path);
    if (known === undefined) {
      try {
        known = lstatSync(`${this.#root}/${path}`).isDirectory();
      } catch {
        known = false;
      }
      this.#checked.set(path, known);
    }
    return known;
  }

  #list(dir: string): Listing | undefined {
    if (this.#listings.has(dir)) return this.#listings.get(dir);
    let listing: Listing | undefined;
    try {
      listing = new Map(
        readdirSync(dir ? `${this.#root}/${dir}` : this.#root, { withFileTypes: true }).map((e) => [
          e.name,
          kindOf(e),
        ]),
      );
    } catch {
      listing = undefined; // a folder a template names but this checkout does not have
    }
    this.#listings.set(dir, listing);
    return listing;
  }
}

function kindOf(entry: Dirent): Kind {
  return entry.isDirectory() ? 'dir' : entry.isFile() ? 'file' : 'other';
}

/** A segment that is empty, `.`, `..` or a skipped folder. */
const UNUSABLE = /(?:^|\/)(?:\.{0,2}|\.git|node_modules|\.guard)(?:\/|$)/;

/** No `..`, empty or skipped segment: the path names something inside the repository. */
function usable(path: string): boolean {
  return path === '' || !UNUSABLE.test(path);
}

let scratch = Buffer.allocUnsafe(256 * 1024);

const UNREAD: [undefined, string] = [undefined, UNREADABLE];

function readText(path: string): [string | undefined, string] {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch {
    return UNREAD;
  }
  try {
    let buffer = scratch;
    let length = 0;
    for (;;) {
      if (length === buffer.length) buffer = Buffer.concat([buffer, Buffer.allocUnsafe(buffer.length)]);
      const room = buffer.length - length;
      const n = readSync(fd, buffer, length, room, null);
      length += n;
      // A regular file gives less than asked for only at its end (POSIX read): no call to hear so.
      if (n < room) break;
    }
    if (buffer.length > scratch.length && buffer.length <= 4 * 1024 * 1024) scratch = buffer;
    const bytes = buffer.subarray(0, length);
    // Most manifests are ASCII, where every byte is its own character: no UTF-8 decoding to do.
    const text = isAscii(bytes) ? bytes.toString('latin1') : utf8.decode(bytes);
    return [text, bytesDigest(bytes)];
  } catch {
    return UNREAD; // not valid UTF-8, or not readable as a file
  } finally {
    closeSync(fd);
  }
}
