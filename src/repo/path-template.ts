/** Placeholders a service's `files` template may use, filled from the cluster entry. */
export const PLACEHOLDERS = ['cluster', 'environment', 'region', 'batch'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** Why a `files` template is unsafe or malformed, or undefined when it is fine. */
export function checkPathTemplate(template: string): string | undefined {
  if (template.startsWith('/') || /^[A-Za-z]:/.test(template))
    return 'must be a path relative to the repository root';
  if (template.includes('\\')) return 'must use "/" as the separator';
  const segments = template.split('/');
  if (segments.some((s) => s === '..')) return "must stay inside the repository (no '..')";
  if (segments.some((s) => s === '' || s === '.')) return "must not contain empty or '.' path segments";
  for (const [, name] of template.matchAll(/\{([^}]*)\}/g)) {
    if (!(PLACEHOLDERS as readonly string[]).includes(name!)) {
      return `has an unknown placeholder {${name}} (allowed: ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')})`;
    }
  }
  if (/[{}]/.test(template.replace(/\{[a-z]+\}/g, ''))) return 'has an unbalanced "{" or "}"';
  return undefined;
}

/** Fills the placeholders. Values are fleet names, already limited to path-safe characters. */
export function expandPathTemplate(
  template: string,
  values: Partial<Record<Placeholder, string>>,
): string | undefined {
  const parts = partsOf(template);
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const v = values[parts[i] as Placeholder];
    if (v === undefined) return undefined;
    out += v + parts[i + 1]!;
  }
  return out;
}

/** A template cut at its placeholders: text, name, text, … (a plan fills one for every cluster). */
const cut = new Map<string, string[]>();

function partsOf(template: string): string[] {
  let parts = cut.get(template);
  if (!parts) {
    parts = template.split(/\{([a-z]+)\}/);
    if (cut.size < 256) cut.set(template, parts);
  }
  return parts;
}

/** A compiled glob: `*` and `?` stay within a path segment, a `**` segment spans any depth. */
export interface PathGlob {
  /** The directory part before the first wildcard, with a trailing "/" (or "" for the root). */
  prefix: string;
  matches(path: string): boolean;
}

export function compileGlob(pattern: string): PathGlob {
  const firstWild = pattern.search(/[*?]/);
  if (firstWild < 0)
    return { prefix: pattern.slice(0, pattern.lastIndexOf('/') + 1), matches: (p) => p === pattern };
  const prefix = pattern.slice(0, pattern.lastIndexOf('/', firstWild) + 1);
  // Clusters differ in the prefix (their own folder); the wildcard part is one regex for all.
  const regex = wildcardRegex(pattern.slice(prefix.length));
  return { prefix, matches: (p) => p.startsWith(prefix) && regex.test(p.slice(prefix.length)) };
}

const compiled = new Map<string, RegExp>();

function wildcardRegex(rest: string): RegExp {
  let regex = compiled.get(rest);
  if (regex) return regex;
  let re = '';
  const segments = rest.split('/');
  segments.forEach((seg, i) => {
    const last = i === segments.length - 1;
    if (seg === '**') {
      re += last ? '.*' : '(?:[^/]+/)*';
      return;
    }
    re += seg
      .replace(/[.+^$()|[\]\\{}]/g, '\\$&')
      .replace(/\*/g, '[^/]*')
      .replace(/\?/g, '[^/]');
    if (!last) re += '/';
  });
  regex = new RegExp(`^${re}$`);
  if (compiled.size < 256) compiled.set(rest, regex);
  return regex;
}
