import { parseRolloutKey } from '../engine/keys.ts';
import type { AnalysisRecord } from './analysis-record.ts';
import { ANALYSIS_MARKER } from './render-analysis.ts';
import type { WorkOffDeps } from './work-off-analysis.ts';

/** 30 s after the first failure, doubling, at most 10 minutes. */
const backoff = (tries: number): number => Math.min(600_000, 30_000 * 2 ** (tries - 1));

/**
 * Puts the answered analysis on the rollback MR as a sticky comment found again by its marker, so
 * a post repeated after a crash edits the comment rather than adding a second. A forge that fails
 * is tried again later with the stored answer (the model is not asked again), and given up in time.
 */
export async function postAnalysis(
  deps: WorkOffDeps & { fields: object },
  key: string,
  record: AnalysisRecord,
  version: number,
  now: number,
): Promise<number | undefined> {
  if (record.nextAt && Date.parse(record.nextAt) > now) return Date.parse(record.nextAt);
  const id = parseRolloutKey(record.rollout);
  try {
    if (!id || !record.comment) throw new Error(`record ${key} has no rollout or no comment`);
    const forge = await deps.forgeFor({ forge: id.forge, project: id.project });
    await forge.ensureComment({
      on: { kind: 'mr', number: record.mr.number },
      marker: ANALYSIS_MARKER,
      body: record.comment,
    });
  } catch (error) {
    const tries = (record.tries ?? 0) + 1;
    const lastError = (error as Error).message.slice(0, 300);
    const old = now - Date.parse(record.storedAt) >= deps.limits.maxAgeMs;
    if (tries >= deps.limits.maxPostTries || old) {
      await deps.store.remove(key, version);
      deps.onOutcome('abandoned');
      deps.log.error({ ...deps.fields, tries, err: lastError }, 'failure analysis not posted; given up');
      return undefined;
    }
    const nextAt = now + backoff(tries);
    await deps.store.put(
      key,
      { ...record, tries, lastError, nextAt: new Date(nextAt).toISOString() },
      version,
    );
    deps.log.warn({ ...deps.fields, tries, err: lastError }, 'failure analysis not posted; will retry');
    return nextAt;
  }
  await deps.store.remove(key, version);
  deps.onOutcome('posted');
  deps.log.info(deps.fields, 'failure analysis posted');
  return undefined;
}
