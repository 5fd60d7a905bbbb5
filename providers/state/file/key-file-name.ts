/**
 * Keys are arbitrary strings (`github:acme/fleet:istio#3`); file names are not. Only lower-case
 * letters, digits, `_` and `-` are kept; every other UTF-8 byte becomes `%xx` with lower-case hex.
 * So no name contains `/` or starts with `.` (no traversal, no hidden files), and two keys that
 * differ only in case never meet on a case-insensitive file system (`A` is `%41`).
 */
const ENCODED = /^(?:[a-z0-9_-]|%[0-9a-f]{2})+$/;
const PLAIN_ONLY = /^[a-z0-9_-]+$/;
/** Per byte: itself when it is kept, else its `%xx` spelling. */
const SPELLING = Array.from({ length: 256 }, (_, byte) => {
  const char = String.fromCharCode(byte);
  return /^[a-z0-9_-]$/.test(char) ? char : `%${byte.toString(16).padStart(2, '0')}`;
});

/** Longest encoded name; file systems allow 255 bytes and the lock and temp files add suffixes. */
export const MAX_NAME_LENGTH = 200;

const wellFormed = (text: string) => Buffer.from(text, 'utf8').toString('utf8') === text;

function encode(text: string): string {
  let name = '';
  for (const byte of Buffer.from(text, 'utf8')) name += SPELLING[byte];
  return name;
}

/** The file-name stem for `key`; throws for keys a file system cannot hold. */
export function keyFileName(key: string): string {
  // A lone surrogate would be written as U+FFFD and collide with the key that really holds U+FFFD.
  if (key === '' || !wellFormed(key)) {
    throw new Error(`state key ${JSON.stringify(key)} must be a non-empty, well-formed Unicode string`);
  }
  const name = encode(key);
  if (name.length > MAX_NAME_LENGTH) {
    throw new Error(
      `state key ${JSON.stringify(key.slice(0, 60))}… is too long for the file store ` +
        `(${name.length} characters encoded, at most ${MAX_NAME_LENGTH}); use shorter keys or the DynamoDB store`,
    );
  }
  return name;
}

/**
 * What the names of the keys starting with `prefix` start with: bytes are spelled one by one, and
 * a well-formed string's UTF-8 bytes start another's exactly when the string starts the other. So a
 * listing can pass over other names without decoding them. Undefined for a prefix no key can have.
 */
export function namePrefix(prefix: string): string | undefined {
  return wellFormed(prefix) ? encode(prefix) : undefined;
}

/** The key a file-name stem stands for, or undefined for a name this encoding never produces. */
export function keyFromFileName(name: string): string | undefined {
  // Most names spell their key letter for letter.
  if (PLAIN_ONLY.test(name)) return name.length <= MAX_NAME_LENGTH ? name : undefined;
  if (!ENCODED.test(name)) return undefined;
  const bytes = name
    .match(/%[0-9a-f]{2}|[^%]/g)!
    .map((part) => (part.length === 3 ? Number.parseInt(part.slice(1), 16) : part.charCodeAt(0)));
  const key = Buffer.from(bytes).toString('utf8');
  // Only the canonical spelling counts, so a stray `%61.json` is not a second file for key `a`.
  try {
    return keyFileName(key) === name ? key : undefined;
  } catch {
    return undefined;
  }
}
