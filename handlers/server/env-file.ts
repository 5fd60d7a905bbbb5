import { readFile, writeFile } from 'node:fs/promises';
import { parseEnv } from 'node:util';

/**
 * Reads a `.env` file into a copy of `env`; variables already in `env` win (the process's own
 * environment is the operator's explicit choice). A missing file changes nothing.
 */
export async function withEnvFile(
  path: string,
  env: Record<string, string | undefined>,
): Promise<Record<string, string | undefined>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ...env };
    throw error;
  }
  return { ...parseEnv(text), ...env };
}

/** Sets `values` in the `.env` file at `path` (replacing lines of the same names), created with mode 0600. */
export async function updateEnvFile(path: string, values: Record<string, string>): Promise<void> {
  let lines: string[] = [];
  try {
    lines = (await readFile(path, 'utf8')).split('\n');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const names = new Set(Object.keys(values));
  const kept = lines.filter((line) => !names.has(line.split('=')[0]?.trim() ?? '') && line !== '');
  const added = Object.entries(values).map(([name, value]) => `${name}=${quote(value)}`);
  await writeFile(path, `${[...kept, ...added].join('\n')}\n`, { mode: 0o600 });
}

/** Double-quoted with newlines as `\n`, which `parseEnv` (and dotenv) expand back; neither unescapes `"`. */
function quote(value: string): string {
  if (value.includes('"')) throw new Error('a .env value cannot contain a double quote');
  return `"${value.replace(/\r?\n/g, '\\n')}"`;
}
