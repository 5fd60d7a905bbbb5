import { z } from 'zod';
import { Duration, parseDuration } from '../../config/common.ts';
import { METRIC_KINDS } from '../../config/fleet.ts';

/** Limits that keep a replay file from exhausting memory: it is untrusted input. */
const MAX_CASES = 1000;
const MAX_CLUSTERS = 5000;
const MAX_POINTS = 100_000;

const PointTuple = z.tuple([z.number().finite(), z.number().finite()]);
const Series = z.record(z.string().min(1).max(253), z.array(PointTuple).max(MAX_POINTS));

/**
 * One recorded metric of a replay (DESIGN section 8). Besides the fixed fields it takes the
 * thresholds fleet.yaml takes, so a team can try a threshold on past upgrades before setting it.
 */
export const ReplayMetric = z
  .object({
    name: z.string().min(1).max(100),
    kind: z.enum(METRIC_KINDS),
    direction: z.enum(['increase', 'decrease', 'either']).optional(),
    maxIncreasePercent: z.number().min(0).optional(),
    maxDecreasePercent: z.number().min(0).max(100).optional(),
    minDelta: z.number().min(0).optional(),
    minVolume: z.number().min(0).optional(),
    max: z.number().finite().optional(),
    min: z.number().finite().optional(),
    for: Duration.optional(),
    series: Series.refine((s) => Object.keys(s).length <= MAX_CLUSTERS, {
      message: `at most ${MAX_CLUSTERS} clusters`,
    }),
    volume: Series.optional(),
  })
  .strict();

/** A soak setting as upgrade.yaml writes it. */
const ReplaySoakSettings = z
  .object({
    duration: Duration.refine((d) => (parseDuration(d) ?? 0) >= 60_000, { message: 'must be at least 1m' }),
    interval: Duration.refine((d) => (parseDuration(d) ?? 0) >= 10_000, { message: 'must be at least 10s' }),
    failAfter: z.number().int().min(1).max(100),
  })
  .strict()
  .refine((s) => parseDuration(s.duration)! / parseDuration(s.interval)! <= 10_000, {
    message: 'duration / interval must be at most 10000 evaluations',
  });

export const ReplayCase = z
  .object({
    soak: ReplaySoakSettings,
    mergeAt: z.iso.datetime({ offset: true, message: 'must be an ISO time such as "2024-05-01T10:00:00Z"' }),
    metrics: z.array(ReplayMetric).min(1).max(100),
  })
  .strict();

export type ReplayMetric = z.infer<typeof ReplayMetric>;
export type ReplayCase = z.infer<typeof ReplayCase>;

/** A problem in a replay file, at a JSON path. */
export interface ReplayIssue {
  path: string;
  message: string;
}

/**
 * Parses a replay file's JSON. Decides between the two shapes by the `cases` key first, so a
 * mistake is reported at its field rather than as "matches neither shape".
 */
export function parseReplayFile(
  data: unknown,
): { ok: true; cases: ReplayCase[]; multi: boolean } | { ok: false; issues: ReplayIssue[] } {
  const multi = typeof data === 'object' && data !== null && !Array.isArray(data) && 'cases' in data;
  const schema = multi ? z.object({ cases: z.array(ReplayCase).min(1).max(MAX_CASES) }).strict() : ReplayCase;
  const result = schema.safeParse(data);
  if (!result.success) {
    const issues = result.error.issues.map((i) => ({
      path: i.path.map(String).join('.') || '(root)',
      message: i.message,
    }));
    return { ok: false, issues };
  }
  const cases = multi ? (result.data as { cases: ReplayCase[] }).cases : [result.data as ReplayCase];
  return { ok: true, cases, multi };
}
