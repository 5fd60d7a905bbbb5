import { verifyEdit } from '../manifests/verify-edit.ts';
import { BranchMovedError, type MergeRequest, withMarker } from '../ports/forge.ts';
import type { Action, WaveState } from '../rollout/model.ts';
import { announce } from './announce.ts';
import { dashboardBody, dashboardTitle } from './dashboard-text.ts';
import { TerminalError } from './errors.ts';
import type { ExecContext } from './execute-context.ts';
import {
  DASHBOARD_LABELS,
  dashboardMarker,
  eventMarker,
  PRECHECK_MARKER,
  ROLLBACK_LABELS,
  rollbackBody,
  rollbackTitle,
  SOAK_MARKER,
  soakCommentBody,
  WAVE_LABELS,
  waveBody,
  waveTitle,
} from './mr-text.ts';
import { rollbackEdits } from './rollback-edits.ts';
import { readTrail } from './rollout-doc.ts';
import { rolloutPageUrl } from './rollout-page-url.ts';
import { waveContext } from './wave-context.ts';

/**
 * Carries out one decided action against the forge. Every action looks before it creates, so
 * running one again after a crash completes it instead of repeating it. Returns a line for the audit
 * trail saying what was written (empty: nothing worth a line).
 */
export async function execute(ctx: ExecContext, action: Action, actionId: string): Promise<string> {
  switch (action.kind) {
    case 'open-wave-mr':
      return openWaveMr(ctx, wave(ctx, action.wave));
    case 'run-prechecks':
      return runPrechecks(ctx, wave(ctx, action.wave));
    case 'set-precheck': {
      const mr = await ctx.forge.findMergeRequest(wave(ctx, action.wave).branch);
      if (!mr) return 'no wave MR to set guard/precheck on';
      const summary = ctx.memo.precheck?.markdown ?? action.title;
      // The prechecks just run set this check with their own title; keep it rather than a shorter one.
      const title = action.state !== 'pending' && ctx.memo.precheck ? ctx.memo.precheck.title : action.title;
      await ctx.forge.setCheck({
        sha: mr.headSha,
        name: 'guard/precheck',
        state: action.state,
        title,
        summary,
      });
      return `guard/precheck ${action.state} on !${mr.number}`;
    }
    case 'set-soak-check':
      return setSoakCheck(ctx, wave(ctx, action.wave), action.state, action.title);
    case 'close-mr':
      await ctx.forge.closeMergeRequest(action.number, action.comment);
      return `closed !${action.number}`;
    case 'comment': {
      const marker = eventMarker(actionId);
      await ctx.forge.ensureComment({ on: action.on, marker, body: `${action.body}\n\n${marker}` });
      return `commented on ${action.on.kind === 'mr' ? '!' : '#'}${action.on.number}`;
    }
    case 'open-rollback-mr':
      return openRollbackMr(ctx, wave(ctx, action.wave), action.reason);
    case 'merge-mr': {
      const mr = await ctx.forge.mergeMergeRequest(action.number);
      return `merged !${mr.number}`;
    }
    case 'update-soak-comment': {
      const w = wave(ctx, action.wave);
      if (!w.mr) return 'no wave MR for the soak comment';
      const on = { kind: 'mr' as const, number: w.mr.number };
      await ctx.forge.ensureComment({
        on,
        marker: SOAK_MARKER,
        body: soakCommentBody(ctx.state, w, pageUrl(ctx)),
      });
      return `soak comment on !${w.mr.number}`;
    }
    case 'update-dashboard':
    case 'close-dashboard':
      return updateDashboard(ctx, action.kind === 'update-dashboard');
    case 'announce':
      return announce(ctx, action.announcement, action.seq);
  }
}

/**
 * The branch's newest MR belongs to an earlier attempt (a retry of the same version reuses branch
 * names) and is no longer open: the branch is that attempt's, to be replaced, not someone's work.
 */
function isStale(ctx: ExecContext, mr: MergeRequest | undefined): boolean {
  return mr !== undefined && mr.state !== 'open' && (ctx.state.staleMrs ?? []).includes(mr.number);
}

function wave(ctx: ExecContext, index: number): WaveState {
  const found = ctx.state.waves[index - 1];
  if (!found) throw new Error(`rollout ${ctx.key} has no wave ${index}`);
  return found;
}

async function openWaveMr(ctx: ExecContext, w: WaveState): Promise<string> {
  const planned = await ctx.planned();
  const wavePlan = planned?.plan.waves.find((p) => p.batch === w.batch);
  if (!planned || !wavePlan)
    throw new TerminalError(`${w.batch} is no longer planned at the default branch head`);
  const changes = wavePlan.edits.map((edit) => {
    const problem = verifyEdit(
      edit.before,
      edit.after,
      edit.fields.map((field) => ({ field, to: ctx.state.version })),
    );
    if (problem) throw new TerminalError(`${edit.path}: ${problem}`);
    return { path: edit.path, content: edit.after };
  });
  const title = waveTitle(ctx.state, w);
  const reset = isStale(ctx, await ctx.forge.findMergeRequest(w.branch));
  const message = `${title}\n\nOpened by GUARD.`;
  const commit = await ensureBranch(ctx, w.branch, planned.head.sha, message, changes, reset);
  const mr = await ctx.forge.ensureMergeRequest({
    branch: w.branch,
    target: planned.head.name,
    title,
    body: waveBody(ctx.state, w, wavePlan.soak),
    labels: WAVE_LABELS,
  });
  return `wave MR !${mr.number} on ${w.branch} (${changes.length} files, ${commit})`;
}

async function ensureBranch(
  ctx: ExecContext,
  branch: string,
  base: string,
  message: string,
  changes: { path: string; content: string }[],
  reset: boolean,
): Promise<string> {
  try {
    const { sha, created } = await ctx.forge.ensureBranchCommit({ branch, base, message, changes, reset });
    return created ? `commit ${sha}` : `commit ${sha} already there`;
  } catch (error) {
    if (!(error instanceof BranchMovedError)) throw error;
    // Somebody pushed to GUARD's branch: their commits stay; the MR shows what it now carries.
    ctx.log.warn({ branch }, 'branch moved by someone else; left as it is');
    return 'branch moved by someone else, left as it is';
  }
}

async function runPrechecks(ctx: ExecContext, w: WaveState): Promise<string> {
  const [mr, planned, ports] = await Promise.all([
    ctx.forge.findMergeRequest(w.branch),
    ctx.request(),
    ctx.ports(),
  ]);
  if (mr?.state !== 'open' || !planned || !ports) return 'prechecks skipped: no open wave MR';
  const check = { sha: mr.headSha, name: 'guard/precheck' } as const;
  await ctx.forge.setCheck({
    ...check,
    state: 'pending',
    title: 'prechecks running',
    summary: 'GUARD is checking the wave.',
  });
  const report = await ports.checks.prechecks({
    ...waveContext(planned, ctx.state, w),
    now: ctx.deps.clock(),
  });
  const body = withMarker(PRECHECK_MARKER, report.markdown);
  await ctx.forge.ensureComment({ on: { kind: 'mr', number: mr.number }, marker: PRECHECK_MARKER, body });
  const state = report.passed ? 'success' : 'failure';
  await ctx.forge.setCheck({ ...check, state, title: report.title, summary: report.markdown });
  ctx.memo.precheck = report;
  ctx.memo.prechecks = { passed: report.passed, summary: report.title };
  return `prechecks ${report.passed ? 'passed' : 'failed'} on !${mr.number}`;
}

async function setSoakCheck(
  ctx: ExecContext,
  w: WaveState,
  state: 'pending' | 'success' | 'failure' | 'neutral',
  title: string,
): Promise<string> {
  let sha = w.mergeSha;
  if (!sha) sha = (await ctx.forge.findMergeRequest(w.branch))?.mergeSha;
  if (!sha) return 'no merge commit to set guard/soak on';
  const summary = [title, w.evidence ?? ''].filter(Boolean).join('\n\n');
  await ctx.forge.setCheck({ sha, name: 'guard/soak', state, title, summary });
  return `guard/soak ${state} on ${sha.slice(0, 12)}`;
}

async function openRollbackMr(ctx: ExecContext, w: WaveState, reason: string): Promise<string> {
  const head = await ctx.forge.defaultBranch();
  const branch = w.rollback?.branch ?? `guard/rollback/${ctx.state.service}/${ctx.state.version}/${w.batch}`;
  const existing = await ctx.forge.findMergeRequest(branch);
  const reset = isStale(ctx, existing);
  if (existing && !reset && existing.state !== 'closed') {
    return `rollback MR !${existing.number} already there`;
  }
  const files = [...new Set(w.clusters.flatMap((c) => c.fields.map((f) => f.file)))];
  const changes = rollbackEdits(w, await ctx.forge.readFiles(head.sha, files));
  if (changes.length === 0)
    throw new TerminalError(`every field of ${w.batch} is already back; nothing to roll back`);
  const title = rollbackTitle(ctx.state, w);
  const commit = await ensureBranch(ctx, branch, head.sha, `${title}\n\n${reason}`, changes, reset);
  const mr: MergeRequest = await ctx.forge.ensureMergeRequest({
    branch,
    target: head.name,
    title,
    body: rollbackBody(ctx.state, w, reason),
    labels: ROLLBACK_LABELS,
  });
  return `rollback MR !${mr.number} on ${branch} (${changes.length} files, ${commit})`;
}

/** The rollout page's address, when GUARD serves the page under a public URL. */
function pageUrl(ctx: ExecContext): string | undefined {
  return ctx.deps.publicUrl ? rolloutPageUrl(ctx.deps.publicUrl, ctx.key) : undefined;
}

async function updateDashboard(ctx: ExecContext, open: boolean): Promise<string> {
  const marker = dashboardMarker(ctx.key);
  const recent = (await readTrail(ctx.deps.store, ctx.key)).slice(-10);
  const issue = await ctx.forge.ensureIssue({
    marker,
    title: dashboardTitle(ctx.state),
    body: dashboardBody(ctx.state, marker, recent, pageUrl(ctx)),
    labels: DASHBOARD_LABELS,
    open,
  });
  ctx.state.dashboard = issue;
  return `dashboard #${issue.number} ${open ? 'updated' : 'closed'}`;
}
