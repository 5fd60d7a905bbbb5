import { describe, expect, it } from 'vitest';
import type { CheckOutcome } from '../../../src/ports/service-provider.ts';
import { createPrechecks } from '../../../src/prechecks/create-prechecks.ts';
import { CHECKS } from '../../../src/prechecks/outcome.ts';
import { type PrecheckRow, precheckTitle } from '../../../src/prechecks/precheck-title.ts';
import { MARKDOWN_LIMIT, PRECHECK_MARKER, renderPrecheck } from '../../../src/prechecks/render-precheck.ts';
import { createFakeClusters } from '../../fakes/clusters.ts';
import { createFakeMetrics } from '../../fakes/metrics.ts';
import { errorSeries, healthyCluster, waveInput } from './wave.ts';

const COLUMNS = Object.values(CHECKS);

function row(cluster: string, failing: Partial<Record<string, CheckOutcome['status']>> = {}): PrecheckRow {
  return {
    cluster,
    outcomes: COLUMNS.map((check) => ({
      check,
      status: failing[check] ?? 'pass',
      reason: failing[check] ? `${check} is unhappy on ${cluster}` : 'fine',
    })),
  };
}

/** Six clusters of one wave: two healthy, and one each of API down, drift with an alert, NotReady nodes, no baseline. */
async function sixClusterReport() {
  const names = ['dev-euw1', 'dev-euw2', 'dev-usw2', 'dev-use1', 'dev-aps1', 'dev-apse1'];
  const clusters = createFakeClusters({
    clusters: Object.fromEntries(names.map((n) => [n, healthyCluster()])),
  });
  const world = clusters.spec.clusters;
  world['dev-usw2']!.api = { ready: false, reason: 'GET /readyz: connect ETIMEDOUT 10.20.0.1:443' };
  world['dev-use1']!.releases = {
    'HelmRelease/mesh-system/istiod': {
      version: '1.19.3',
      state: 'failed',
      reason: 'Helm upgrade failed: timed out waiting for the condition',
    },
  };
  world['dev-aps1']!.notReadyNodes = ['ip-10-4-1-17.ec2.internal', 'ip-10-4-2-9.ec2.internal'];
  const series = errorSeries(names.filter((n) => n !== 'dev-apse1'));
  const metrics = createFakeMetrics({
    series,
    alerts: { 'dev-use1': ['[P1] mesh 5xx ratio above 2% on dev-use1'] },
  });
  return createPrechecks({ clusters, metrics }).prechecks(waveInput(names));
}

describe('precheck comment', () => {
  it('reads as the fixture a reviewer approved (6 clusters, a mix of ✅ ❌ ⚠️)', async () => {
    const report = await sixClusterReport();

    await expect(report.markdown).toMatchFileSnapshot('../../fixtures/reports/precheck-comment.md');
    expect(report.passed).toBe(false);
  });

  it('starts with the sticky marker and has a row per cluster and a column per check', async () => {
    const report = await sixClusterReport();

    const lines = report.markdown.split('\n');
    expect(lines[0]).toBe(PRECHECK_MARKER);
    expect(lines.find((l) => l.startsWith('| cluster |'))).toBe(
      '| cluster | api | nodes | workloads | drift | upgrade-path | kubernetes | alerts | baselines | replicas |',
    );
    expect(lines.filter((l) => /^\| dev-/.test(l))).toHaveLength(6);
    expect(lines).toContain('| dev-usw2 | ❌ | — | — | — | ✅ | — | ✅ | ✅ | — |');
  });

  it('lists the reason of every ❌ and ⚠️, and of no ✅', async () => {
    const report = await sixClusterReport();

    const reasons = report.markdown.split('\n').filter((l) => l.startsWith('- **'));
    expect(reasons).toEqual([
      '- **dev-usw2** ❌ `api`: API server not ready: GET /readyz: connect ETIMEDOUT 10.20.0.1:443',
      '- **dev-use1** ❌ `drift`: HelmRelease mesh-system/istiod failed at 1.19.3: Helm upgrade failed: timed out waiting for the condition',
      '- **dev-use1** ❌ `alerts`: 1 alert firing: [P1] mesh 5xx ratio above 2% on dev-use1',
      '- **dev-aps1** ❌ `nodes`: 2 nodes NotReady: ip-10-4-1-17.ec2.internal, ip-10-4-2-9.ec2.internal',
      '- **dev-apse1** ⚠️ `baselines`: no baseline data for errors',
    ]);
  });

  it('keeps reasons from opening HTML in the comment', () => {
    const rows = [
      {
        cluster: 'dev-a',
        outcomes: [{ check: 'api', status: 'fail' as const, reason: '<!-- --> <img src=x>' }],
      },
    ];

    const markdown = renderPrecheck(waveInput(['dev-a']), 'prechecks failed', rows, ['api']);

    expect(markdown).toContain('`api`: &lt;!-- --&gt; &lt;img src=x&gt;');
  });

  it('cuts passing clusters first when a huge wave does not fit, and says how many were cut', () => {
    const rows = Array.from({ length: 3000 }, (_, i) =>
      row(`prod-cluster-${String(i).padStart(4, '0')}`, i % 500 === 7 ? { drift: 'fail' } : {}),
    );

    const markdown = renderPrecheck(waveInput(['prod-cluster-0000']), precheckTitle(rows), rows, COLUMNS);

    expect(markdown.length).toBeLessThanOrEqual(MARKDOWN_LIMIT);
    const shown = markdown.split('\n').filter((l) => l.startsWith('| prod-'));
    expect(shown.slice(0, 6).every((l) => l.includes('❌'))).toBe(true);
    const cut = Number(/_… (\d+) more clusters not shown/.exec(markdown)?.[1]);
    expect(shown.length + cut).toBe(3000);
  });

  it('cuts reasons too, with a count, when there are too many to fit', () => {
    const rows = Array.from({ length: 3000 }, (_, i) =>
      row(`prod-cluster-${i}`, { drift: 'fail', alerts: 'warn' }),
    );

    const markdown = renderPrecheck(waveInput(['prod-cluster-0']), precheckTitle(rows), rows, COLUMNS);

    expect(markdown.length).toBeLessThanOrEqual(MARKDOWN_LIMIT);
    const listed = markdown.split('\n').filter((l) => l.startsWith('- **')).length;
    const cut = Number(/_… (\d+) more reasons not shown/.exec(markdown)?.[1]);
    expect(listed + cut).toBe(6000);
  });
});

describe('precheck title', () => {
  it('counts the clusters when all passed', () => {
    expect(precheckTitle([row('a'), row('b')])).toBe('prechecks passed: 2 clusters');
  });

  it('says how many clusters passed with warnings', () => {
    expect(precheckTitle([row('a'), row('b', { alerts: 'warn' })])).toBe(
      'prechecks passed: 2 clusters (1 with warnings)',
    );
  });

  it('names the failing checks per failing cluster', () => {
    const rows = [
      row('dev-euw1', { api: 'fail' }),
      row('dev-usw2', { drift: 'fail', alerts: 'fail' }),
      row('dev-x'),
    ];

    expect(precheckTitle(rows)).toBe(
      'prechecks failed: 2 of 3 clusters — api on dev-euw1; drift, alerts on dev-usw2',
    );
  });

  it('stays within 255 characters and counts the failures it could not name', () => {
    const rows = Array.from({ length: 40 }, (_, i) => row(`prod-cluster-${i}`, { nodes: 'fail' }));

    const title = precheckTitle(rows);

    expect(title.length).toBeLessThanOrEqual(255);
    expect(title).toMatch(/^prechecks failed: 40 of 40 clusters — nodes on prod-cluster-0; .*; \+\d+ more$/);
    const named = title.split(' — ')[1]!.split('; ').length - 1;
    expect(named + Number(/\+(\d+) more$/.exec(title)![1])).toBe(40);
  });
});
