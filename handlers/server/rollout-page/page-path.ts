import { parseRolloutKey } from '../../../src/engine/keys.ts';

export const PAGE_ROOT = '/rollouts';

/** What a request path under /rollouts names. */
export type PagePath =
  | { kind: 'index' }
  | { kind: 'rollout'; key: string }
  /** A trailing slash: relative links would resolve one level too deep, so redirect without it. */
  | { kind: 'slash'; location: string }
  | { kind: 'unknown' };

/**
 * `/rollouts` or `/rollouts/<forge>/<project…>/<service>` (the project keeps its slashes), each
 * segment percent-decoded, as rollout-page-url.ts builds them; undefined for paths elsewhere.
 */
export function parsePagePath(pathname: string): PagePath | undefined {
  if (pathname === PAGE_ROOT) return { kind: 'index' };
  if (!pathname.startsWith(`${PAGE_ROOT}/`)) return undefined;
  const raw = pathname.slice(PAGE_ROOT.length + 1).split('/');
  if (raw.at(-1) === '' && raw.slice(0, -1).every(Boolean)) {
    // One trailing slash: back to the same path without it, relative to where the browser is.
    return { kind: 'slash', location: `../${pathname.slice(0, -1).split('/').at(-1)}` };
  }
  let segments: string[];
  try {
    segments = raw.map(decodeURIComponent);
  } catch {
    return { kind: 'unknown' };
  }
  const bad = (s: string) => !s || s.includes(':') || s.includes('/') || s === '.' || s === '..';
  if (segments.length < 3 || segments.some(bad)) return { kind: 'unknown' };
  const key = `${segments[0]}:${segments.slice(1, -1).join('/')}:${segments.at(-1)}`;
  return parseRolloutKey(key) ? { kind: 'rollout', key } : { kind: 'unknown' };
}
