import { esc } from './html.ts';
import { PAGE_CSS } from './page-css.ts';

/**
 * The HTML document around a page: no script, no outside asset (the favicon is an empty data: URL
 * so the browser asks for none), the one inline style sheet, and a meta refresh in place of
 * JavaScript polling.
 */
export function pageShell(input: { title: string; body: string; refreshSec?: number }): string {
  const sec = input.refreshSec === undefined ? undefined : Math.max(0, Math.round(input.refreshSec));
  const refresh = sec === undefined ? '' : `<meta http-equiv="refresh" content="${sec}">`;
  const every = sec ? ` · refreshes every ${sec} s` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">${refresh}
<title>${esc(input.title)}</title>
<link rel="icon" href="data:,">
<style>${PAGE_CSS}</style>
</head><body><main>
${input.body}
</main><footer>GUARD · read-only view of the state store · times in UTC${every}</footer></body></html>
`;
}
