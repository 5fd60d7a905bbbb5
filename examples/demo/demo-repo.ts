import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** The example fleet repository this demo plays on, next to this folder. */
export const FLEET_DIR = join(import.meta.dirname, '..', 'fleet');

/** The request the platform team commits in the demo: promtail in three waves, soaks scaled down. */
export const DEMO_REQUEST = `# promtail 6.15.3 -> 6.16.0 (PLAT-2240), three waves for the demo.
# Soaks are scaled down to 10 minutes so the simulation stays short; a real request soaks for hours.
apiVersion: guard/v1
kind: UpgradeRequest
service: promtail
version: 6.16.0
waves:
  - batch: test
  - batch: dev-wave-1
  - batch: staging
soak: { duration: 10m, interval: 1m, failAfter: 3 }
rollback: automatic
`;

/**
 * Every file of the fleet repository on disk (path → text), as it stands before the demo's request:
 * without `guard/upgrade.yaml`, which the demo commits itself.
 */
export function readFleetFiles(root = FLEET_DIR): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(root, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = relative(root, join(entry.parentPath, entry.name)).split(sep).join('/');
    if (path !== 'guard/upgrade.yaml') files[path] = readFileSync(join(root, path), 'utf8');
  }
  if (!files['guard/fleet.yaml'])
    throw new Error(`no guard/fleet.yaml under ${root}: point the demo at a fleet repository`);
  return files;
}
