import { esc } from './html.ts';
import { pageShell } from './page-shell.ts';

/** A page with a heading and one paragraph (sign-in needed, not found); never any state. */
export function renderMessage(
  title: string,
  text: string,
  options: { links?: { href: string; label: string }[]; refreshSec?: number } = {},
): string {
  const nav = (options.links ?? []).map((l) => `<a href="${esc(l.href)}">${esc(l.label)}</a>`).join(' · ');
  return pageShell({
    title: `${title} · GUARD`,
    body: `<h1>${esc(title)}</h1><p>${esc(text)}</p>${nav ? `<p>${nav}</p>` : ''}`,
    ...(options.refreshSec === undefined ? {} : { refreshSec: options.refreshSec }),
  });
}
