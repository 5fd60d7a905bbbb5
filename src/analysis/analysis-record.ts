import type { WaveEvidence } from './wave-evidence.ts';

/** Every stored analysis request lives under this prefix, then its rollout's key. */
export const ANALYSIS_PREFIX = 'analysis/';

/**
 * One failed wave's analysis, from the rollback MR opening to the comment on it. Stored by the
 * rollout's outbox, so a crash never loses it, and worked off apart from the rollout. Its status
 * moves one way: `pending` (nothing asked yet: safe to retry), `asking` (the model was asked at
 * `askedAt`: never asked again, whatever happens next), `answered` (the comment is ready; posting
 * it is idempotent by its marker, so it is retried until it lands or is given up).
 */
export interface AnalysisRecord {
  /** The `rollback.opened` announcement's id: one analysis per rollback MR of an attempt. */
  id: string;
  rollout: string;
  /** The rollback MR the comment goes on. */
  mr: { number: number; url: string };
  evidence: WaveEvidence;
  /** ISO time stored; an old record is given up. */
  storedAt: string;
  status: 'pending' | 'asking' | 'answered';
  askedAt?: string;
  /** The comment to post (status `answered`). */
  comment?: string;
  /** Failed tries to post the comment, when to try next, and the last error. */
  tries?: number;
  nextAt?: string;
  lastError?: string;
}

export const rolloutAnalysisPrefix = (rollout: string): string => `${ANALYSIS_PREFIX}${rollout}/`;

export const analysisKey = (rollout: string, id: string): string =>
  `${rolloutAnalysisPrefix(rollout)}${id.slice(0, 24)}`;

/** The rollout a record key belongs to (rollout keys contain `/`, record names never do). */
export function rolloutOfAnalysis(key: string): string {
  return key.slice(ANALYSIS_PREFIX.length, key.lastIndexOf('/'));
}
