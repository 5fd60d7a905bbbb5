import type { EngineDeps } from '../engine/deps.ts';
import { parseRolloutKey } from '../engine/keys.ts';
import type { Logger } from '../engine/logger.ts';
import { type ProviderRegistry, readRequest } from '../engine/read-request.ts';
import type { Analyst } from '../ports/analyst.ts';
import type { Clusters } from '../ports/clusters.ts';
import type { StateStore } from '../ports/state-store.ts';
import { workloadTargets } from '../prechecks/cluster-checks.ts';
import type { AnalysisRecord } from './analysis-record.ts';
import { askOnce } from './ask-once.ts';
import { buildPrompt } from './build-prompt.ts';
import { type EventLimits, gatherEvents } from './gather-events.ts';
import { postAnalysis } from './post-analysis.ts';
import { analysisComment } from './render-analysis.ts';
import type { WaveEvidence } from './wave-evidence.ts';

export interface AnalysisLimits {
  /** The model's answer is waited for this long (default 30 s); later, the section is left out. */
  timeoutMs: number;
  events: EventLimits;
  /** Failed tries to post the comment before it is given up (default 8: about 20 minutes). */
  maxPostTries: number;
  /** A record older than this is given up (default 6 hours). */
  maxAgeMs: number;
}

/** How one analysis ended: posted, left out (timeout, error), or given up (lost, not postable, too old). */
export type AnalysisOutcome = 'posted' | 'timeout' | 'error' | 'abandoned';

export interface WorkOffDeps {
  store: StateStore;
  analyst: Analyst;
  forgeFor: EngineDeps['forgeFor'];
  portsFor: EngineDeps['portsFor'];
  providers: ProviderRegistry;
  clock: () => Date;
  log: Logger;
  limits: AnalysisLimits;
  onOutcome(outcome: AnalysisOutcome): void;
}

/** A fleet read that fails this soon after the request is retried; later, the model gets no events. */
const FLEET_RETRY_MS = 10 * 60_000;
/** An `asking` record older than the deadline plus this was left by a replica that stopped. */
const LOST_AFTER_MS = 60_000;
/** How long GUARD remembers that it asked about a failed wave. */
const ASKED_KEPT_MS = 30 * 24 * 3_600_000;

/**
 * Moves one record as far as it can go: ask (once) and store the answer, then post it. Returns
 * when to look at it again (epoch ms), or undefined when it is done. A conflicting write means
 * another replica is at it: look again shortly.
 */
export async function workOffAnalysis(deps: WorkOffDeps, key: string): Promise<number | undefined> {
  const found = await deps.store.get(key);
  if (!found) return undefined;
  let record = found.value as AnalysisRecord;
  let version = found.version;
  const now = deps.clock().getTime();
  const fields = { rollout: record.rollout, mr: record.mr.number, analyst: deps.analyst.id };
  const end = async (outcome: AnalysisOutcome, message: string, extra: object = {}) => {
    await deps.store.remove(key, version);
    deps.onOutcome(outcome);
    const log = outcome === 'abandoned' ? deps.log.error : deps.log.warn;
    log.call(deps.log, { ...fields, outcome, ...extra }, message);
    return undefined;
  };
  if (record.status !== 'answered' && now - Date.parse(record.storedAt) >= deps.limits.maxAgeMs)
    return end('abandoned', 'failure analysis given up: too old');
  if (record.status === 'asking') {
    const lostAt = Date.parse(record.askedAt ?? record.storedAt) + deps.limits.timeoutMs + LOST_AFTER_MS;
    if (now < lostAt) return lostAt;
    return end('abandoned', 'failure analysis lost: the replica asking the model stopped; not asked again');
  }
  if (record.status === 'pending') {
    const prompt = await promptFor(deps, record, now);
    record = { ...record, status: 'asking', askedAt: new Date(now).toISOString() };
    version = await deps.store.put(key, record, version);
    // Outlives the record: an outbox action repeated after the analysis was done stores the
    // request again, and this is how that request knows the model was already asked.
    if (!(await deps.store.markDelivery(`analysis:${record.id}`, ASKED_KEPT_MS))) {
      await deps.store.remove(key, version);
      deps.log.info(fields, 'failure analysis already asked for; not asked again');
      return undefined;
    }
    const reply = await askOnce(deps.analyst, prompt.prompt, deps.limits.timeoutMs);
    if (reply.outcome !== 'answered')
      return end(reply.outcome, 'failure analysis omitted', { err: reply.error });
    const comment = analysisComment({ answer: reply.text, analyst: deps.analyst, ...prompt.read });
    record = { ...record, status: 'answered', comment };
    version = await deps.store.put(key, record, version);
    deps.log.info({ ...fields, ...prompt.read, promptBytes: prompt.bytes }, 'failure analysis answered');
  }
  return postAnalysis({ ...deps, fields }, key, record, version, now);
}

/** The prompt for `record`, with what it read: events from the failing clusters of the fleet at the head. */
async function promptFor(deps: WorkOffDeps, record: AnalysisRecord, now: number) {
  const fleet = await fleetOf(deps, record.rollout).catch((error: Error) => {
    if (now - Date.parse(record.storedAt) < FLEET_RETRY_MS) throw error;
    deps.log.warn(
      { rollout: record.rollout, err: error.message.slice(0, 300) },
      'fleet not read for analysis',
    );
    return undefined;
  });
  const evidence = { ...record.evidence, workloads: fleet?.workloads ?? { names: [] } };
  const events = await gatherEvents(fleet?.clusters, evidence, deps.limits.events, deps.log);
  const prompt = buildPrompt(evidence, events);
  return {
    prompt,
    bytes: new TextEncoder().encode(prompt.system + prompt.user).length,
    read: {
      clusters: events.filter((c) => !c.unavailable).map((c) => c.cluster),
      events: events.reduce((n, c) => n + c.events.length, 0),
    },
  };
}

/**
 * The fleet's clusters and where the service's workloads run, as the default branch describes them
 * now; undefined when the request is gone.
 */
async function fleetOf(
  deps: WorkOffDeps,
  rollout: string,
): Promise<{ clusters: Clusters; workloads: WaveEvidence['workloads'] } | undefined> {
  const id = parseRolloutKey(rollout);
  if (!id) return undefined;
  const forge = await deps.forgeFor({ forge: id.forge, project: id.project });
  const head = await forge.defaultBranch();
  const view = await readRequest({
    forge,
    ref: head.sha,
    service: id.service,
    providers: deps.providers,
    withPlan: false,
  });
  if (view.kind !== 'present') return undefined;
  return {
    clusters: deps.portsFor(view.fleet).clusters,
    workloads: workloadTargets(view.service, view.provider),
  };
}
