import { z } from 'zod';
import { API_VERSION, durationAtLeast, Name } from './common.ts';

/** One wave of a rollout: a fleet batch, optionally with its own soak duration. */
export const Wave = z
  .object({
    batch: Name.describe('A batch of guard/fleet.yaml.'),
    soak: durationAtLeast(60_000, '1m')
      .optional()
      .describe('Soak duration for this wave; overrides soak.duration.'),
  })
  .strict();

/** How long and how often GUARD judges a merged wave. */
export const Soak = z
  .object({
    duration: durationAtLeast(60_000, '1m')
      .default('1h')
      .describe('How long each wave soaks after every cluster applied the version.'),
    interval: durationAtLeast(10_000, '10s').default('1m').describe('How often the soak is evaluated.'),
    failAfter: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(3)
      .describe('Consecutive failing evaluations after which a cluster fails.'),
  })
  .strict();

/** What happens when a soak fails. */
export const Rollback = z.union([
  z.enum(['automatic', 'manual']),
  z
    .object({
      mode: z
        .enum(['automatic', 'manual'])
        .describe('automatic: GUARD opens the rollback MR; manual: only /guard rollback does.'),
      autoMerge: z.boolean().default(false).describe('Merge the rollback MR without waiting for a human.'),
    })
    .strict(),
]);

/** `guard/upgrade.yaml` document: upgrade one service to one version across the fleet. */
export const UpgradeRequest = z
  .object({
    apiVersion: z.literal(API_VERSION).describe('Always guard/v1.'),
    kind: z.literal('UpgradeRequest').describe('Always UpgradeRequest.'),
    service: Name.describe('A service of guard/fleet.yaml.'),
    version: z
      .string()
      .min(1)
      .max(128)
      .describe('Target version, e.g. "1.20.0"; quote it so YAML keeps it a string.'),
    waves: z
      .array(Wave)
      .min(1)
      .optional()
      .describe('Waves in order; defaults to every non-empty fleet batch in fleet order.'),
    soak: Soak.default({ duration: '1h', interval: '1m', failAfter: 3 }).describe(
      'Soak settings for every wave.',
    ),
    rollback: Rollback.default('automatic').describe('automatic | manual, or { mode, autoMerge }.'),
    allowDowngrade: z
      .boolean()
      .default(false)
      .describe("Allow a target lower than a cluster's current version."),
    strategy: z
      .string()
      .min(1)
      .optional()
      .describe('Provider-specific strategy (istio: in-place | revision).'),
    rolloutTimeout: durationAtLeast(60_000, '1m')
      .default('30m')
      .describe('Time for every cluster of a wave to apply the version.'),
    onNoData: z
      .enum(['extend', 'pass', 'fail'])
      .default('extend')
      .describe('Soak outcome when metrics have no data: extend, pass or fail.'),
    maxFailedClusters: z
      .number()
      .int()
      .min(0)
      .default(0)
      .describe('Clusters of a wave allowed to fail before the wave fails.'),
  })
  .strict();

export type UpgradeRequest = z.infer<typeof UpgradeRequest>;
export type Wave = z.infer<typeof Wave>;
