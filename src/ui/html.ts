/**
 * Text from the state store (service names, MR titles, reasons, cluster names) reaches the page only
 * through these: escaped for HTML text and quoted attributes alike.
 */
export function esc(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A link from the state (an MR, the dashboard issue) when it is plain http(s); anything else
 * (`javascript:`, `data:`) is dropped rather than escaped into a working link.
 */
export function safeHref(url: string | undefined): string | undefined {
  if (!url || !URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
}

/** `<a>` to an outside page when the URL is safe, the bare label otherwise. */
export function link(url: string | undefined, label: string): string {
  const href = safeHref(url);
  return href ? `<a href="${esc(href)}" rel="noreferrer">${esc(label)}</a>` : esc(label);
}

/** A CSS class name built from a known word (phase, verdict); anything else collapses to `other`. */
export function cls(word: string): string {
  return /^[a-z][a-z-]*$/.test(word) ? word : 'other';
}
