import { createHash } from 'node:crypto';
import { PAGE_CSS } from '../../../src/ui/page-css.ts';

const STYLE_HASH = createHash('sha256').update(PAGE_CSS).digest('base64');

/**
 * Headers on every answer of the page, the refusals included: nothing runs (no script source at
 * all), the one style sheet is allowed by its hash, images only as data: URLs, no framing, no
 * forms, no sniffing, no referrer, no caching (a shared proxy must not keep a signed-in page).
 */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': [
    "default-src 'none'",
    `style-src 'sha256-${STYLE_HASH}'`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};
