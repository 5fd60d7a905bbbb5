import { FORGE_KINDS, type ForgeKind } from '../ports/forge.ts';

/**
 * Names in the state store. A rollout is `<forge>:<project>:<service>` (DESIGN section 5); its
 * document, command inbox and lease hang off that key under fixed prefixes, so `list` can find every
 * rollout of the store, or of one repository.
 */
export interface RolloutId {
  forge: ForgeKind;
  project: string;
  service: string;
}

export const STATE_PREFIX = 'rollout/';
export const INBOX_PREFIX = 'inbox/';

export function rolloutKey(id: RolloutId): string {
  return `${id.forge}:${id.project}:${id.service}`;
}

/** Reads a rollout key back; undefined for anything else. Projects never contain ':'; services neither. */
export function parseRolloutKey(key: string): RolloutId | undefined {
  const first = key.indexOf(':');
  const last = key.lastIndexOf(':');
  if (first <= 0 || last === first || last === key.length - 1) return undefined;
  const forge = FORGE_KINDS.find((kind) => kind === key.slice(0, first));
  if (!forge) return undefined;
  return { forge, project: key.slice(first + 1, last), service: key.slice(last + 1) };
}

export const stateKey = (key: string): string => `${STATE_PREFIX}${key}`;
export const inboxKey = (key: string): string => `${INBOX_PREFIX}${key}`;
export const leaseName = (key: string): string => `reconcile/${key}`;
/** A wave's latest soak charts (the rollout page draws them), apart from the rollout document. */
export const chartsKey = (key: string, wave: number): string => `charts/${key}/${wave}`;

/** Every rollout key of one repository starts with this. */
export function projectPrefix(forge: RolloutId['forge'], project: string): string {
  return `${forge}:${project}:`;
}
