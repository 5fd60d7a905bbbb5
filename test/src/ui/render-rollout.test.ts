import { describe, expect, it } from 'vitest';
import type { RolloutState } from '../../../src/rollout/model.ts';
import type { SoakCharts } from '../../../src/rollout/soak-charts.ts';
import { readRollout, readRollouts } from '../../../src/ui/read-rollouts.ts';
import { refreshSeconds } from '../../../src/ui/refresh.ts';
import { renderIndex } from '../../../src/ui/render-index.ts';
import { renderRolloutPage } from '../../../src/ui/render-rollout.ts';
import { createMemoryStore } from '../../fakes/memory-store.ts';
import {
  CERT_KEY,
  ISTIO_KEY,
  istioRollout,
  PROMTAIL_KEY,
  promtailRollout,
  seedRollouts,
} from './seeded-rollouts.ts';

async function seeded() {
  const store = createMemoryStore();
  await seedRollouts(store);
  return store;
}

const charts = (html: string) => (html.match(/<svg class="chart"/g) ?? []).length;

describe('the rollout page', () => {
  it('shows every wave with its phase and MR link, the dashboard issue, and the way back to the list', async () => {
    const view = (await readRollout(await seeded(), ISTIO_KEY))!;

    const html = renderRolloutPage(view, '../../../../rollouts');

    for (const phase of ['passed', 'soaking', 'pending'])
      expect(html).toContain(`<span class="badge ${phase}">`);
    expect(html).toContain(
      '<a href="https://github.com/acme/platform-fleet/pull/44" rel="noreferrer">!44</a>',
    );
    expect(html).toContain('href="https://github.com/acme/platform-fleet/issues/40"');
    expect(html).toContain('<a href="../../../../rollouts">');
    expect(html).toContain('id="wave-2"');
    expect(html).toContain('wave.merged');
  });

  it('draws one chart per metric and cluster of the soaking wave, the failing cluster first and unfolded', async () => {
    const view = (await readRollout(await seeded(), ISTIO_KEY))!;

    const html = renderRolloutPage(view, '../../../../rollouts');

    expect(charts(html)).toBe(9);
    const clusters = [...html.matchAll(/<details class="cluster"( open)? data-cluster="([^"]+)"/g)];
    expect(clusters.map((m) => [m[2], Boolean(m[1])])).toEqual([
      ['dev-eu-2', true],
      ['dev-eu-1', false],
      ['dev-us-1', false],
    ]);
    expect(html).toContain('1 failing, 0 inconclusive, 2 passing of 3 clusters');
  });

  it('draws the charts of a rolled-back wave, with a baseline-less cluster said so', async () => {
    const view = (await readRollout(await seeded(), PROMTAIL_KEY))!;

    const html = renderRolloutPage(view, '../../../../../rollouts');

    expect(charts(html)).toBe(2);
    expect(html).toContain('<span class="badge rolled-back">rolled back</span>');
    expect(html).toContain('merge_requests/11');
    expect(html).toContain('data-empty="baseline"');
    expect(html).toContain('soak failed on dev-1: error ratio +210% over the baseline');
  });

  it('ignores charts stored for an earlier attempt of the same wave', async () => {
    const store = await seeded();
    const stale = { ...istioRollout().charts, mergedAt: '2025-05-01T00:00:00.000Z' };
    await store.put(`charts/${ISTIO_KEY}/2`, stale, 1);

    const view = (await readRollout(store, ISTIO_KEY))!;

    expect(view.charts.size).toBe(0);
    expect(charts(renderRolloutPage(view, '../rollouts'))).toBe(0);
  });

  it('folds the charts of a passed wave away', async () => {
    const store = createMemoryStore();
    const { doc, charts: record } = promtailRollout();
    doc.state.waves[1]!.phase = 'passed';
    await store.put(`rollout/${PROMTAIL_KEY}`, doc, 0);
    await store.put(`charts/${PROMTAIL_KEY}/2`, record, 0);

    const html = renderRolloutPage((await readRollout(store, PROMTAIL_KEY))!, '../rollouts');

    expect(html).toMatch(/<details><summary>Soak charts<\/summary><section class="soak"/);
  });

  it('says how many charts were left out to fit the store', async () => {
    const store = createMemoryStore();
    const { doc, charts: record } = istioRollout();
    await store.put(`rollout/${ISTIO_KEY}`, doc, 0);
    await store.put(`charts/${ISTIO_KEY}/2`, { ...record, omitted: { charts: 12, clusters: 4 } }, 0);

    const html = renderRolloutPage((await readRollout(store, ISTIO_KEY))!, '../rollouts');

    expect(html).toContain('12 more charts of 4 clusters were not kept');
  });

  it('is undefined for a rollout the store does not have', async () => {
    expect(await readRollout(await seeded(), 'github:acme/other:istio')).toBeUndefined();
    expect(await readRollout(await seeded(), 'not a key')).toBeUndefined();
  });
});

describe('the page with hostile text in the state', () => {
  const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'&';

  function hostileRollout(): { state: RolloutState; charts: SoakCharts } {
    const { doc, charts } = istioRollout();
    const state = doc.state;
    state.service = hostile;
    state.version = hostile;
    state.reason = hostile;
    state.dashboard = { number: 1, url: 'javascript:alert(3)' };
    const wave = state.waves[1]!;
    wave.batch = hostile;
    wave.mr = { number: 2, url: 'javascript:alert(4)', branch: hostile };
    wave.clusters[0]!.name = hostile;
    wave.failure = { at: hostile, reason: hostile };
    wave.rollback = {
      branch: 'b',
      reason: hostile,
      mr: { number: 3, url: 'data:text/html,<script>alert(5)</script>', branch: 'b' },
    };
    charts.clusters[0]!.cluster = hostile;
    charts.clusters[0]!.reasons = [hostile];
    charts.charts[0]!.cluster = hostile;
    charts.charts[0]!.metric = hostile;
    charts.charts[0]!.reason = hostile;
    charts.charts[0]!.unit = hostile;
    return { state, charts };
  }

  it('escapes every name, reason and link, and links nothing that is not http(s)', async () => {
    const store = createMemoryStore();
    const { state, charts: record } = hostileRollout();
    await store.put(`rollout/${ISTIO_KEY}`, { state }, 0);
    await store.put(`charts/${ISTIO_KEY}/2`, record, 0);
    await store.appendAudit(ISTIO_KEY, { at: hostile, actor: hostile, action: hostile, reason: hostile });

    const page = renderRolloutPage((await readRollout(store, ISTIO_KEY))!, '../rollouts');
    const index = renderIndex({ ...(await readRollouts(store, 10)), href: () => 'rollouts/x' });

    for (const html of [page, index]) {
      expect(html).not.toMatch(/<script|<img/i);
      expect(html).not.toMatch(/(href|src)="(javascript:|data:text)/i);
      expect(html).toContain(
        '&#60;script&#62;alert(1)&#60;/script&#62;&#60;img src=x onerror=alert(2)&#62;&#34;&#39;&#38;',
      );
    }
    expect(page).toContain('!2');
    expect(page).not.toMatch(/<a href="[^"]*alert/);
  });
});

describe('the list of rollouts', () => {
  it('lists running rollouts first, each with its waves and a link relative to the list', async () => {
    const { rollouts, total } = await readRollouts(await seeded(), 100);

    const html = renderIndex({ rollouts, total, href: (key) => `rollouts/${key}` });

    const order = [...html.matchAll(/data-rollout="([^"]+)"/g)].map((m) => m[1]);
    expect(order).toEqual([ISTIO_KEY, PROMTAIL_KEY, CERT_KEY]);
    expect(html).toContain(`<a href="rollouts/${ISTIO_KEY}">istio 1.20.0</a>`);
    expect(html).toContain('2 dev <span class="badge soaking">soaking</span>');
    expect(html).not.toContain('Showing');
  });

  it('says when it shows fewer rollouts than the store holds', async () => {
    const { rollouts, total } = await readRollouts(await seeded(), 2);

    expect(renderIndex({ rollouts, total, href: (k) => k })).toContain('Showing 2 of 3 rollouts.');
  });

  it('says so when there is no rollout yet', async () => {
    const html = renderIndex({ ...(await readRollouts(createMemoryStore(), 10)), href: (k) => k });

    expect(html).toContain('No rollouts in the state store yet.');
  });
});

describe('refreshSeconds', () => {
  it('follows the soak interval while a wave soaks', () => {
    const { doc, charts: record } = istioRollout();

    expect(refreshSeconds(doc.state, [{ ...record, intervalMs: 120_000 }])).toBe(120);
    expect(refreshSeconds(doc.state, [{ ...record, intervalMs: 1_000 }])).toBe(15);
  });

  it('is a minute for a running rollout without a soak, five once it is over', () => {
    const { doc } = istioRollout();

    expect(refreshSeconds(doc.state, [])).toBe(60);
    expect(refreshSeconds(promtailRollout().doc.state, [])).toBe(300);
  });
});
