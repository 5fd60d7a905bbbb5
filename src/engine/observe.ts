import type { Forge, MergeRequest } from '../ports/forge.ts';
import { soakEvaluationDue } from '../rollout/decide.ts';
import { settingsOf } from '../rollout/decide-draft.ts';
import type { AcceptedCommand, Observed, RolloutState, WaveState } from '../rollout/model.ts';
import type { SoakReport } from '../rollout/wave-checks.ts';
import { windowStatus } from '../rollout/windows.ts';
import { RateLimitedError } from '../util/rate-limited-error.ts';
import { appliedStatus } from './applied.ts';
import type { FleetPorts } from './deps.ts';
import type { Logger } from './logger.ts';
import type { RequestView } from './read-request.ts';
import { plannedWaves } from './read-request.ts';
import { controlClusters, type RequestContext, waveContext } from './wave-context.ts';

export interface ObserveInput {
  forge: Forge;
  service: string;
  state?: RolloutState;
  view: RequestView & { kind: 'present' | 'absent' };
  ports?: FleetPorts;
  commands: AcceptedCommand[];
  /** Precheck outcome from an action run earlier in this reconcile. */
  prechecks?: { passed: boolean; summary: string };
  now: Date;
  log: Logger;
}

export interface Observation {
  /** Everything decide() needs, this tick's soak verdicts and evidence included. */
  observed: Observed;
  /** This tick's soak evaluation, when one was due (reconcile stores its charts for the rollout page). */
  soak?: SoakReport;
}

/**
 * Reads what the current phase needs and nothing more: a soaking wave costs no forge call at all,
 * only its one metrics query per metric when an evaluation is due.
 */
export async function observe(input: ObserveInput): Promise<Observation> {
  const { view, state } = input;
  const observed: Observed = { mrs: {}, window: { open: true }, commands: input.commands };
  const ctx = view.kind === 'present' ? contextOf(input) : undefined;
  if (view.kind === 'present') {
    observed.request = { request: view.request, digest: view.digest };
    if (view.plan) observed.plan = plannedWaves(view.plan);
    const status = windowStatus(view.fleet.windows, input.now);
    observed.window = {
      open: status.open,
      ...(status.opensAt ? { opensAt: status.opensAt.toISOString() } : {}),
    };
  }
  if (input.prechecks) observed.prechecks = input.prechecks;
  await findMrs(input, observed);
  const wave = state?.waves.find((w) => w.phase !== 'passed');
  if (!state || !wave || !ctx || !input.ports) return { observed };
  const ports = input.ports;
  const rollbackMerged =
    wave.phase === 'rolling-back' &&
    (wave.rollback?.mergedAt !== undefined || observed.mrs[wave.rollback?.branch ?? '']?.state === 'merged');
  if (wave.phase === 'applying' || wave.phase === 'merged' || rollbackMerged) {
    const target = wave.phase === 'rolling-back' ? 'from' : 'to';
    observed.applied = await appliedStatus({ ctx, ports, state, wave, target, log: input.log });
  }
  const soak = await evaluateSoak(input, ctx, ports, state, wave);
  if (soak) {
    observed.verdicts = soak.verdicts;
    observed.evidence = { markdown: soak.markdown, baseline: soak.baseline };
    if (soak.reasons) observed.soakReasons = soak.reasons;
  }
  return soak ? { observed, soak } : { observed };
}

function contextOf(input: ObserveInput): RequestContext {
  const view = input.view as RequestView & { kind: 'present' };
  return {
    fleet: view.fleet,
    serviceName: input.service,
    service: view.service,
    provider: view.provider,
    request: view.request,
  };
}

/** MRs by branch: the branches the current phase can change, all of them when the request changed. */
async function findMrs(input: ObserveInput, observed: Observed): Promise<void> {
  const branches = new Set<string>();
  const { state, view } = input;
  const changed =
    !state || view.kind === 'absent' || (view.kind === 'present' && view.digest !== state.digest);
  if (state) {
    const current = state.waves.find((w) => w.phase !== 'passed');
    for (const wave of state.waves) {
      if (changed || wave === current) branches.add(wave.branch);
      if (wave.rollback) branches.add(wave.rollback.branch);
    }
    if (current && !changed && quiet(current) && input.commands.length === 0) branches.delete(current.branch);
  }
  if (view.kind === 'present' && changed && observed.plan?.[0]) {
    branches.add(`guard/${input.service}/${view.request.version}/${observed.plan[0].batch}`);
  }
  const found = await Promise.all([...branches].map((b) => input.forge.findMergeRequest(b)));
  [...branches].forEach((branch, i) => {
    observed.mrs[branch] = found[i] as MergeRequest | undefined;
  });
}

/** Phases whose wave MR is already merged: nothing on the forge can move them. */
function quiet(wave: WaveState): boolean {
  return wave.phase === 'applying' || wave.phase === 'soaking' || wave.phase === 'failed';
}

async function evaluateSoak(
  input: ObserveInput,
  ctx: RequestContext,
  ports: FleetPorts,
  state: RolloutState,
  wave: WaveState,
): Promise<SoakReport | undefined> {
  if (wave.phase !== 'soaking' || state.phase !== 'active' || !wave.soak || !wave.mergedAt) return undefined;
  const { intervalMs } = settingsOf(ctx.request);
  if (!soakEvaluationDue(wave.soak, intervalMs, input.now)) return undefined;
  try {
    return await ports.checks.soak({
      ...waveContext(ctx, state, wave),
      mergedAt: new Date(wave.mergedAt),
      appliedAt: new Date(wave.appliedAt ?? wave.soak.startedAt),
      now: input.now,
      controls: controlClusters(state, wave),
      ...(wave.soak.baseline !== undefined ? { baseline: wave.soak.baseline } : {}),
    });
  } catch (error) {
    // A rate limit ends the reconcile: the evaluation runs after the wait instead of counting as no data.
    if (error instanceof RateLimitedError) throw error;
    // A metrics outage is no evidence either way: every cluster is inconclusive this time.
    const reason = (error as Error).message;
    input.log.warn({ err: reason, wave: wave.index }, 'soak evaluation failed');
    const verdicts = Object.fromEntries(wave.clusters.map((c) => [c.name, 'inconclusive' as const]));
    return {
      verdicts,
      title: `metrics unavailable: ${reason}`.slice(0, 255),
      markdown: `Metrics unavailable: ${reason}`,
    };
  }
}
