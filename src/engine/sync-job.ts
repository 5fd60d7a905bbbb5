import { type Diagnostic, formatDiagnostic } from '../diagnostics.ts';
import { planRepo } from '../planner/plan-repo.ts';
import type { Forge } from '../ports/forge.ts';
import { planText } from '../report/plan-text.ts';
import type { EngineDeps } from './deps.ts';
import type { EventSource } from './events.ts';
import { projectPrefix, STATE_PREFIX } from './keys.ts';
import { PLAN_MARKER } from './mr-text.ts';
import { computeAtRef } from './repo-at.ts';

const MAX_ANNOTATIONS = 500;
/** A check title is one line for every forge: GitLab keeps 255 characters of a status description. */
const TITLE_LIMIT = 255;

/**
 * A push to the default branch touched guard/: validate the request and fleet at that commit, set
 * `guard/request` on it (every error with file and line: annotations on GitHub, a note on the commit
 * linked from the status on GitLab; the title names the first and counts the rest), and return every
 * rollout key of the repository to reconcile: the services the file asks for now, and those it asked
 * for before (a removed document cancels its rollout).
 */
export async function runSyncJob(deps: EngineDeps, source: EventSource, sha: string): Promise<string[]> {
  const forge = await deps.forgeFor(source);
  const result = await computeAtRef(forge, sha, (repo) =>
    planRepo({ repo, providers: deps.providers.lookup, providerIds: deps.providers.ids }),
  );
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  const services = result.requests.map((r) => r.request.service);
  await forge.setCheck({
    sha,
    name: 'guard/request',
    state: errors.length ? 'failure' : 'success',
    title: errors.length
      ? errorTitle(errors)
      : `valid: ${services.length ? services.join(', ') : 'no upgrade requested'}`,
    summary: diagnosticsMarkdown(result.diagnostics, result.plans.map(planText)),
    annotations: annotations(result.diagnostics),
  });
  const prefix = projectPrefix(source.forge, source.project);
  const known = (await deps.store.list(`${STATE_PREFIX}${prefix}`)).map((k) => k.slice(STATE_PREFIX.length));
  return [...new Set([...services.map((s) => `${prefix}${s}`), ...known])].sort();
}

/**
 * The plan preview on an MR that edits guard/*.yaml (not GUARD's own): `guard/plan` and one sticky
 * comment. Read-only, from the MR's head commit: no clusters, metrics or credentials are used, so a
 * fork's MR is safe to preview (its YAML is parsed with the same limits as everything else).
 */
export async function runPreviewJob(
  deps: EngineDeps,
  source: EventSource,
  number: number,
  headSha: string,
): Promise<boolean> {
  const forge: Forge = await deps.forgeFor(source);
  const changed = await forge.changedFiles(number);
  if (!changed.some((p) => /^guard\/[^/]+\.ya?ml$/.test(p))) return false;
  const result = await computeAtRef(forge, headSha, (repo) =>
    planRepo({ repo, providers: deps.providers.lookup, providerIds: deps.providers.ids }),
  );
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  const body = [
    PLAN_MARKER,
    `### GUARD plan preview${errors.length ? ` — ${errors.length} error${errors.length === 1 ? '' : 's'}` : ''}`,
    '',
    diagnosticsMarkdown(result.diagnostics, result.plans.map(planText)),
  ].join('\n');
  const on = { kind: 'mr', number } as const;
  const comment = await forge.ensureComment({ on, marker: PLAN_MARKER, body });
  await forge.setCheck({
    sha: headSha,
    name: 'guard/plan',
    state: errors.length ? 'failure' : 'success',
    title: errors.length
      ? errorTitle(errors)
      : `plan: ${result.plans.map((p) => `${p.service} ${p.version}`).join(', ') || 'nothing to upgrade'}`,
    summary: body,
    annotations: annotations(result.diagnostics),
    detailsComment: { on, id: comment.id },
  });
  return true;
}

/**
 * The problems and plans as markdown. Their text comes from the files of the MR, a fork's included,
 * so all of it sits in code blocks (no mentions, images or HTML), fenced longer than any backtick
 * run in it, with HTML-comment openers broken so no text can pose as one of GUARD's markers.
 */
function diagnosticsMarkdown(diagnostics: readonly Diagnostic[], plans: readonly string[]): string {
  const problems = diagnostics.map(
    (d) => `${d.severity === 'error' ? 'error  ' : 'warning'} ${formatDiagnostic(d)}`,
  );
  const text = [
    ...(problems.length ? ['**Problems**', '', codeBlock(problems.join('\n')), ''] : []),
    ...plans.map(codeBlock),
  ].join('\n');
  if (text.length <= 60_000) return text;
  return `${codeBlock(text.slice(0, 60_000))}\n\n… (cut: the full report is \`guard plan\`)`;
}

/** A fenced code block that `text` cannot close, with `<!--` made inert. */
export function codeBlock(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}\n${text.replaceAll('<!--', '<\u200b!--')}\n${fence}`;
}

/**
 * The first error in full (`file:line:col: field: message`) and how many more, on one line of at
 * most 255 characters: the first error is cut, never the count.
 */
export function errorTitle(errors: readonly Diagnostic[]): string {
  const [first] = errors;
  if (!first) return 'no errors';
  const more = errors.length - 1;
  const suffix = more ? ` (and ${more} more error${more === 1 ? '' : 's'})` : '';
  const head = formatDiagnostic(first).replace(/\s+/g, ' ').trim();
  const room = TITLE_LIMIT - suffix.length;
  return `${head.length <= room ? head : `${head.slice(0, room - 1)}…`}${suffix}`;
}

function annotations(diagnostics: readonly Diagnostic[]) {
  return diagnostics.slice(0, MAX_ANNOTATIONS).map((d) => ({
    path: d.file,
    line: d.line,
    column: d.col,
    message: d.message,
    level: d.severity === 'error' ? ('failure' as const) : ('warning' as const),
  }));
}
