import { ConflictError, type StateStore } from '../ports/state-store.ts';
import type { EngineDeps } from './deps.ts';
import type { EventSource } from './events.ts';
import { parseRolloutKey, projectPrefix, STATE_PREFIX } from './keys.ts';
import { keptAt } from './read-memo.ts';
import { loadGuardFiles } from './read-request.ts';
import { computeAtRef } from './repo-at.ts';

const PROJECT_PREFIX = 'project/';

/** Remembers a repository GUARD has seen a request in, so the tick can look at it again. */
export async function rememberProject(store: StateStore, source: EventSource): Promise<void> {
  try {
    await store.put(`${PROJECT_PREFIX}${source.forge}:${source.project}`, source, 0);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
  }
}

/** Every repository GUARD knows: remembered ones and those with rollouts. */
export async function knownProjects(store: StateStore): Promise<EventSource[]> {
  const found = new Map<string, EventSource>();
  for (const key of await store.list(PROJECT_PREFIX)) {
    const source = (await store.get(key))?.value as EventSource | undefined;
    if (source) found.set(`${source.forge}:${source.project}`, source);
  }
  for (const key of await store.list(STATE_PREFIX)) {
    const id = parseRolloutKey(key.slice(STATE_PREFIX.length));
    if (id && !found.has(`${id.forge}:${id.project}`)) found.set(`${id.forge}:${id.project}`, id);
  }
  return [...found.values()];
}

/**
 * The safety net for a lost push webhook: when a known repository's default branch moved since the
 * last look, the rollout keys its request file names now (each reconcile then starts, supersedes or
 * does nothing). `seen` remembers the head per repository between ticks.
 */
export async function discoverRollouts(
  deps: EngineDeps,
  source: EventSource,
  seen: Map<string, string>,
): Promise<string[]> {
  const forge = await deps.forgeFor(source);
  const head = await forge.defaultBranch();
  const id = `${source.forge}:${source.project}`;
  if (seen.get(id) === head.sha) return [];
  const kept = keptAt(forge, head.sha);
  const services = await computeAtRef(forge, head.sha, (repo) =>
    loadGuardFiles(repo, deps.providers, kept).requests.map((r) => r.request.service),
  );
  seen.set(id, head.sha);
  return services.map((s) => `${projectPrefix(source.forge, source.project)}${s}`);
}
