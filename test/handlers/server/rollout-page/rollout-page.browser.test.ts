// The rollout page in a real browser: Debian's headless Chromium (installed by .ci/run, as
// prometheus is; the test fails rather than skips without it) driven by puppeteer-core, against
// GUARD's real server on a seeded state store. Screenshots land in test-output/rollout-page/.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rolloutPageUrl } from '../../../../src/engine/rollout-page-url.ts';
import { createMemoryStore } from '../../../fakes/memory-store.ts';
import { ISTIO_KEY, istioRollout, NOW, PROMTAIL_KEY, seedRollouts } from '../../../src/ui/seeded-rollouts.ts';
import { startTestServer, type TestServer } from '../server-kit.ts';

// The page's globals as the functions handed to page.evaluate see them in Chromium (the project
// compiles without the DOM lib, so that server code cannot reach for a browser global by mistake).
interface PageElement {
  textContent: string | null;
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): PageElement[] & { length: number };
  getBoundingClientRect(): { width: number };
}
declare const document: {
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement> & { length: number };
  addEventListener(
    type: string,
    listener: (e: { violatedDirective: string; blockedURI: string }) => void,
  ): void;
  documentElement: { scrollWidth: number };
};
declare const window: { innerWidth: number; __violations: string[] };
declare function getComputedStyle(element: unknown): { fill: string };

const CHROMIUM = '/usr/bin/chromium';
const TOKEN = 'browser-test-token-0123456789abcdef';
const OUT = join(import.meta.dirname, '../../../../test-output/rollout-page');
const SLOW = 120_000;

let server: TestServer;
let browser: Browser;
let profile: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} is missing: install Debian's package (apt-get install -y chromium); .ci/run does`,
    );
  const store = createMemoryStore();
  await seedRollouts(store);
  server = await startTestServer({
    env: { GITLAB_TOKEN: '', GITLAB_WEBHOOK_SECRET: '', GUARD_UI: 'on', GUARD_UI_TOKEN: TOKEN },
    store,
    clock: () => NOW,
    // The start-up tick must not move the seeded rollouts: the forge is out of reach.
    forgeFor: async () => {
      throw new Error('offline in this test');
    },
  });
  profile = mkdtempSync(join(tmpdir(), 'guard-chromium-'));
  mkdirSync(OUT, { recursive: true });
  browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    userDataDir: profile,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}, SLOW);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/** A tab that records every request it makes, console errors, page errors and CSP violations. */
async function tab(): Promise<{
  page: Page;
  requests: string[];
  problems: string[];
  violations(): Promise<string[]>;
}> {
  const page = await browser.newPage();
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warn') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${(e as Error).message}`));
  // Added by the DevTools protocol, which a page's CSP does not govern: it only listens.
  await page.evaluateOnNewDocument(() => {
    const seen: string[] = [];
    window.__violations = seen;
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  return {
    page,
    requests,
    problems,
    violations: () => page.evaluate(() => window.__violations),
  };
}

/** What the charts on the page hold, read from the DOM. */
function chartCounts(page: Page) {
  return page.evaluate(() => {
    const all = (selector: string) => document.querySelectorAll(selector).length;
    const currents = [...document.querySelectorAll('svg[data-chart] g[data-series="current"]')];
    return {
      charts: all('svg[data-chart]'),
      band: all('svg[data-chart] g[data-series="band"] rect'),
      median: all('svg[data-chart] g[data-series="median"] line'),
      baseline: all('svg[data-chart] g[data-series="baseline"]'),
      current: currents.length,
      pointsMatch: currents.every(
        (g) => g.querySelectorAll('circle').length === Number(g.getAttribute('data-points')),
      ),
      points: currents.map((g) => g.querySelectorAll('circle').length),
      onset: all('svg[data-chart] g[data-series="onset"] line.onset'),
      limitMax: all('svg[data-chart] g[data-series="limit-max"] line'),
      noBaseline: all('svg[data-chart] [data-empty="baseline"]'),
      failingCharts: all('svg[data-chart][data-verdict="fail"]'),
    };
  });
}

const origin = () => new URL(server.url).origin;
const url = (key: string) => `${server.url}${rolloutPageUrl('', key)}`;

describe('the rollout page in Chromium', () => {
  it(
    'signs in with ?token=, drops it from the address, and draws the soaking wave: one chart per metric and cluster',
    async () => {
      const t = await tab();
      await t.page.setViewport({ width: 1280, height: 900 });

      await t.page.goto(`${url(ISTIO_KEY)}?token=${TOKEN}`, { waitUntil: 'load' });

      expect(t.page.url()).toBe(url(ISTIO_KEY));
      expect(await t.page.$eval('h1', (h) => h.textContent)).toContain('istio 1.20.0');
      const counts = await chartCounts(t.page);
      const expected = istioRollout().charts.charts;
      expect(counts).toMatchObject({
        charts: 9,
        band: 9,
        median: 9,
        baseline: 9,
        current: 9,
        pointsMatch: true,
        onset: 1,
        limitMax: 3,
        noBaseline: 0,
        failingCharts: 1,
      });
      expect(counts.points).toEqual(expected.map((c) => c.current.length));
      // The style sheet applied (its CSP hash matched): the band is filled, the grid is two columns or more.
      const fill = await t.page.$eval('svg[data-chart] rect.band', (r) => getComputedStyle(r).fill);
      expect(fill).toMatch(/^rgba\(9, 105, 218, 0\.13\)$/);
      expect(t.requests.every((r) => r.startsWith(`${origin()}/`) || r.startsWith('data:'))).toBe(true);
      expect(t.problems).toEqual([]);
      expect(await t.violations()).toEqual([]);
      await t.page.screenshot({ path: join(OUT, 'soaking-istio.png'), fullPage: true });
      await t.page.close();
    },
    SLOW,
  );

  it(
    'reads on a phone: one column, nothing wider than the screen',
    async () => {
      const t = await tab();
      await t.page.setViewport({
        width: 390,
        height: 844,
        isMobile: true,
        hasTouch: true,
        deviceScaleFactor: 2,
      });

      await t.page.goto(url(ISTIO_KEY), { waitUntil: 'load' });

      const layout = await t.page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        width: window.innerWidth,
        chartWidths: [...document.querySelectorAll('details[open] svg[data-chart]')].map(
          (s) => s.getBoundingClientRect().width,
        ),
      }));
      expect(layout.scroll).toBeLessThanOrEqual(layout.width);
      expect(layout.chartWidths.length).toBe(3);
      for (const w of layout.chartWidths) expect(w).toBeGreaterThan(300);
      expect(t.problems).toEqual([]);
      await t.page.screenshot({ path: join(OUT, 'soaking-istio-phone.png'), fullPage: true });
      await t.page.close();
    },
    SLOW,
  );

  it(
    'draws the rolled-back wave: the failing cluster with its onset and limit, the other without a baseline',
    async () => {
      const t = await tab();

      await t.page.goto(url(PROMTAIL_KEY), { waitUntil: 'load' });

      expect(await t.page.$eval('h1', (h) => h.textContent)).toContain('promtail 6.16.0');
      expect(await chartCounts(t.page)).toMatchObject({
        charts: 2,
        band: 1,
        median: 1,
        baseline: 1,
        current: 2,
        pointsMatch: true,
        onset: 1,
        limitMax: 2,
        noBaseline: 1,
        failingCharts: 1,
      });
      const links = await t.page.$$eval('#wave-2 a', (as) => as.map((a) => a.getAttribute('href')));
      expect(links).toEqual([
        'https://gitlab.example.com/platform/infra/fleet/-/merge_requests/9',
        'https://gitlab.example.com/platform/infra/fleet/-/merge_requests/11',
      ]);
      expect(t.requests.every((r) => r.startsWith(`${origin()}/`) || r.startsWith('data:'))).toBe(true);
      expect(t.problems).toEqual([]);
      expect(await t.violations()).toEqual([]);
      await t.page.screenshot({ path: join(OUT, 'rolled-back-promtail.png'), fullPage: true });
      await t.page.close();
    },
    SLOW,
  );

  it(
    'lists every rollout and leads from the list to a rollout by its relative link',
    async () => {
      const t = await tab();
      await t.page.goto(`${server.url}/rollouts`, { waitUntil: 'load' });

      const names = await t.page.$$eval('.rollouts h2 a', (as) => as.map((a) => a.textContent));
      await Promise.all([t.page.waitForNavigation(), t.page.click(`[data-rollout="${PROMTAIL_KEY}"] h2 a`)]);

      expect(names).toEqual(['istio 1.20.0', 'promtail 6.16.0', 'cert-manager v1.15.1']);
      expect(t.page.url()).toBe(url(PROMTAIL_KEY));
      expect(t.problems).toEqual([]);
      await t.page.close();
    },
    SLOW,
  );

  it(
    'opens from a link on another site (an MR comment): the Strict cookie comes along after one same-site reload',
    async () => {
      const link = `<!doctype html><a id="go" href="${url(ISTIO_KEY)}">charts</a>`;
      const other: Server = createServer((_req, res) =>
        res.writeHead(200, { 'content-type': 'text/html' }).end(link),
      );
      await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
      const port = (other.address() as { port: number }).port;
      const t = await tab();
      try {
        // localhost is another site than 127.0.0.1, where the cookie was set.
        await t.page.goto(`http://localhost:${port}/`, { waitUntil: 'load' });

        await Promise.all([
          t.page.waitForFunction(() => document.querySelector('h1')?.textContent?.includes('istio'), {
            timeout: 30_000,
          }),
          t.page.click('#go'),
        ]);

        expect(t.page.url()).toBe(url(ISTIO_KEY));
        // Twice: the cross-site request without the cookie (the bounce), then the same-site reload.
        expect(t.requests.filter((r) => r === url(ISTIO_KEY))).toHaveLength(2);
        expect((await chartCounts(t.page)).charts).toBe(9);
      } finally {
        await t.page.close();
        // Chromium keeps its connection alive; close() alone would wait for it to idle out.
        other.closeAllConnections();
        await new Promise((resolve) => other.close(resolve));
      }
    },
    SLOW,
  );

  it(
    'shows nothing to a browser without the token',
    async () => {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();

      const response = await page.goto(url(ISTIO_KEY), { waitUntil: 'load' });

      expect(response?.status()).toBe(401);
      expect(await page.content()).not.toContain('istio');
      expect(await page.$$('svg[data-chart]')).toHaveLength(0);
      await context.close();
    },
    SLOW,
  );
});
