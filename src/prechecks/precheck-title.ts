import type { CheckOutcome } from '../ports/service-provider.ts';
import { plural } from './outcome.ts';

/** GitHub check titles and GitLab status descriptions are cut at 255 characters. */
export const TITLE_LIMIT = 255;

export interface PrecheckRow {
  cluster: string;
  outcomes: CheckOutcome[];
}

/**
 * One line for `guard/precheck`: "prechecks passed: 12 clusters", or which checks failed where,
 * "prechecks failed: 2 of 12 clusters — api on dev-euw1; drift, alerts on dev-usw2".
 */
export function precheckTitle(rows: readonly PrecheckRow[]): string {
  const failed = rows.filter((r) => r.outcomes.some((o) => o.status === 'fail'));
  if (failed.length === 0) {
    const warned = rows.filter((r) => r.outcomes.some((o) => o.status === 'warn')).length;
    const note = warned > 0 ? ` (${warned} with warnings)` : '';
    return `prechecks passed: ${plural(rows.length, 'cluster')}${note}`;
  }
  const head = `prechecks failed: ${failed.length} of ${plural(rows.length, 'cluster')} — `;
  const parts = failed.map((r) => {
    const checks = r.outcomes.filter((o) => o.status === 'fail').map((o) => o.check);
    return `${[...new Set(checks)].join(', ')} on ${r.cluster}`;
  });
  return head + fitParts(parts, TITLE_LIMIT - head.length);
}

/** As many parts as fit, then "+N more" so the reader knows the list goes on. */
function fitParts(parts: readonly string[], room: number): string {
  let text = '';
  for (let i = 0; i < parts.length; i++) {
    const next = text ? `${text}; ${parts[i]}` : parts[i]!;
    const more = i + 1 < parts.length ? `; +${parts.length - i - 1} more` : '';
    if (next.length + more.length > room) {
      const rest = `+${parts.length - i} more`;
      return text ? `${text}; ${rest}` : rest;
    }
    text = next;
  }
  return text;
}
