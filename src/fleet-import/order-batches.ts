import type { ImportedCluster } from './map-registry.ts';

/** Where environments usually sit in a promotion path; names not listed sit before production. */
const STAGES: readonly [RegExp, number][] = [
  [/^(sandbox|test|testing|ci)/, 0],
  [/^(dev|development)/, 1],
  [/^(qa|int|integration)/, 2],
  [/^(staging|stage|stg|preprod|pre-prod|uat)/, 3],
  [/^(prod|production|live)/, 5],
];

function stageOf(environment: string): number {
  return STAGES.find(([pattern]) => pattern.test(environment))?.[1] ?? 4;
}

const byNatural = new Intl.Collator('en', { numeric: true }).compare;

/**
 * fleet.yaml's `batches` after an import: the file's own batches first, in the file's order (people
 * chose it), then batches only the table has, ordered by the earliest environment among their
 * clusters (test → dev → qa → staging → … → prod), then by name with numbers in numeric order.
 */
export function orderBatches(existing: readonly string[], clusters: readonly ImportedCluster[]): string[] {
  const stage = new Map<string, number>();
  for (const c of clusters)
    stage.set(c.batch, Math.min(stage.get(c.batch) ?? Number.POSITIVE_INFINITY, stageOf(c.environment)));
  const added = [...stage.keys()]
    .filter((b) => !existing.includes(b))
    .sort((a, b) => stage.get(a)! - stage.get(b)! || byNatural(a, b));
  return [...existing, ...added];
}
