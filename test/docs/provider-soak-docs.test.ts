import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Service } from '../../config/fleet.ts';
import { metricsSources } from '../../providers/metrics/api.ts';
import { serviceProviders } from '../../providers/services/api.ts';
import type { MetricsBackend } from '../../src/ports/service-provider.ts';

/** The service each page's examples are written for (the generic helm page shows `apps/podinfo`). */
function serviceFor(id: string): Service {
  const extra =
    id === 'helm' ? { chart: 'podinfo', namespace: 'apps', workloads: ['deployment/podinfo'] } : {};
  return { provider: id, files: ['x.yaml'], ...extra } as Service;
}

describe('provider pages › default soak metrics', () => {
  it.each([...serviceProviders.keys()])(
    'docs/providers/%s.md shows every default query of every backend',
    (id) => {
      const page = readFileSync(new URL(`../../docs/providers/${id}.md`, import.meta.url), 'utf8');
      const provider = serviceProviders.get(id)!;
      const queries = (Object.keys(metricsSources) as MetricsBackend[]).flatMap((backend) =>
        (provider.soakMetrics?.(serviceFor(id), backend) ?? []).flatMap((m) => [
          m.query,
          ...(m.volumeQuery ? [m.volumeQuery] : []),
        ]),
      );

      expect(page).toContain('## Default soak metrics');
      expect(queries.filter((query) => !page.includes(query))).toEqual([]);
    },
  );
});
