import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SOURCES = ['src', 'config', 'handlers', 'providers'];

/**
 * A source file newer than the last build (dist/.built), or undefined when dist/ is current. A
 * bench that runs the compiled code must not report figures for code it did not compile.
 */
export function staleDist(root: string): string | undefined {
  const marker = join(root, 'dist', '.built');
  if (!existsSync(marker)) return 'the sources (no dist/.built)';
  const built = statSync(marker).mtimeMs;
  const walk = (dir: string): string | undefined => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        const found = walk(path);
        if (found) return found;
      } else if (entry.name.endsWith('.ts') && statSync(join(root, path)).mtimeMs > built) return path;
    }
    return undefined;
  };
  for (const dir of SOURCES) {
    const found = walk(dir);
    if (found) return found;
  }
  return undefined;
}
