import { hostname } from 'node:os';
import type { Settings } from './settings.ts';

/**
 * This replica's name in leases, the same after a restart of the process so that it takes its own
 * leases back at once instead of waiting them out: `POD_NAME` (a pod keeps its name when its
 * container restarts), else the host name and port, which two live GUARD processes never share
 * (each listens on its own port of a host).
 */
export function replicaIdentity(settings: Pick<Settings, 'POD_NAME' | 'PORT'>, host = hostname()): string {
  return settings.POD_NAME ?? `${host}:${settings.PORT}`;
}
