import { describe, expect, it } from 'vitest';
import type { SoakChart } from '../../../src/rollout/soak-charts.ts';
import { CHART, renderChart } from '../../../src/ui/render-chart.ts';
import { linearScale, niceDomain, timeTicks } from '../../../src/ui/scale.ts';

const T0 = Date.parse('2025-06-03T14:00:00Z') / 1000;
const WINDOW = { fromSec: T0, toSec: T0 + 600 };

function chart(overrides: Partial<SoakChart> = {}): SoakChart {
  return {
    metric: 'p95 latency',
    cluster: 'dev-1',
    kind: 'latency',
    unit: 'ms',
    verdict: 'pass',
    reason: 'within the baseline',
    baseline: { n: 60, p5: 1, median: 2, p95: 3, points: [2, 2.5, 1.5, 2] },
    current: Array.from({ length: 11 }, (_, i) => [T0 + 60 * i, i % 2 ? 4 : 0] as [number, number]),
    ...overrides,
  };
}

/** The attributes of the first element `tag` inside `<g data-series="name">`. */
function attrs(svg: string, series: string, tag: string): Record<string, string> {
  const group = new RegExp(`<g data-series="${series}"[^>]*>(.*?)</g>`).exec(svg)?.[1] ?? '';
  const element = new RegExp(`<${tag} ([^>]*)/?>`).exec(group)?.[1] ?? '';
  return Object.fromEntries([...element.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
}

const count = (svg: string, pattern: RegExp) => (svg.match(pattern) ?? []).length;
// The y axis of these charts runs 0 … 4 from the bottom of the plot to its top.
const yOf = (v: number) => {
  const bottom = CHART.height - CHART.bottom;
  return Math.round((bottom + (v / 4) * (CHART.top - bottom)) * 10) / 10;
};

describe('scales', () => {
  it('map the ends of the domain onto the ends of the range, y running downwards', () => {
    const y = linearScale([0, 4], [166, 12]);

    expect([y(0), y(4), y(2)]).toEqual([166, 12, 89]);
  });

  it('widen the y interval to round ticks that hold every value', () => {
    expect(niceDomain([0.13, 0.87], false)).toEqual({ domain: [0, 1], ticks: [0, 0.2, 0.4, 0.6, 0.8, 1] });
    expect(niceDomain([180, 262], false).domain).toEqual([175, 275]);
  });

  it('keep zero in view for ratios and counts, and give a flat series room', () => {
    expect(niceDomain([0.004, 0.006], true).domain[0]).toBe(0);
    const flat = niceDomain([5, 5, 5], false).domain;
    expect(flat[0]).toBeLessThan(5);
    expect(flat[1]).toBeGreaterThan(5);
    expect(niceDomain([], false).domain).toEqual([0, 1]);
  });

  it('put time ticks on whole minutes, a few of them', () => {
    const ticks = timeTicks(T0 + 30, T0 + 3600);

    expect(ticks.every((t) => t % 60 === 0)).toBe(true);
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    expect(ticks.length).toBeLessThanOrEqual(4);
  });
});

describe('renderChart', () => {
  it('draws the baseline band from p5 to p95 and the median on the shared y axis', () => {
    const svg = renderChart(chart(), WINDOW, 'c1');

    const band = attrs(svg, 'band', 'rect');
    expect(Number(band.y)).toBe(yOf(3));
    expect(Number(band.y) + Number(band.height)).toBeCloseTo(yOf(1), 1);
    expect(Number(attrs(svg, 'median', 'line').y1)).toBe(yOf(2));
  });

  it('draws one point per current value in time order across the soak window', () => {
    const svg = renderChart(chart(), WINDOW, 'c1');

    expect(svg).toContain('data-series="current" data-points="11"');
    const xs = [...svg.matchAll(/<circle class="pt[^"]*" cx="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(xs).toHaveLength(11);
    expect(xs[0]).toBe(CHART.left + CHART.baseWidth + CHART.gap);
    expect(xs.at(-1)).toBe(CHART.width - CHART.right);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
    expect(svg).toContain('data-series="baseline" data-points="4"');
  });

  it('marks the onset of a failure and colours the points after it', () => {
    const svg = renderChart(chart({ verdict: 'fail', onset: T0 + 300 }), WINDOW, 'c1');

    const line = attrs(svg, 'onset', 'line');
    const mainX0 = CHART.left + CHART.baseWidth + CHART.gap;
    const expected = mainX0 + (300 / 600) * (CHART.width - CHART.right - mainX0);
    expect(Number(line.x1)).toBeCloseTo(expected, 0);
    expect(svg).toContain('onset 14:05');
    expect(count(svg, /class="pt bad"/g)).toBe(5);
    expect(svg).toContain('data-verdict="fail"');
  });

  it('draws absolute limits where the chart carries them, and none otherwise', () => {
    const svg = renderChart(chart({ limits: { max: 4, min: 0 } }), WINDOW, 'c1');

    expect(Number(attrs(svg, 'limit-max', 'line').y1)).toBe(yOf(4));
    expect(Number(attrs(svg, 'limit-min', 'line').y1)).toBe(yOf(0));
    expect(svg).toContain('max 4 ms');
    expect(renderChart(chart(), WINDOW, 'c1')).not.toContain('data-series="limit-');
  });

  it('widens the y axis to show a limit far above the data', () => {
    const svg = renderChart(chart({ limits: { max: 10 } }), WINDOW, 'c1');

    expect(Number(attrs(svg, 'limit-max', 'line').y1)).toBeGreaterThanOrEqual(CHART.top);
  });

  it('says "no baseline" instead of a band when there is none', () => {
    const { baseline: _, ...rest } = chart();
    const svg = renderChart(rest, WINDOW, 'c1');

    expect(svg).toContain('data-empty="baseline"');
    expect(svg).not.toContain('data-series="band"');
    expect(svg).not.toContain('data-series="median"');
    expect(svg).toContain('data-series="current"');
  });

  it('says "no data since …" when the soak has no points, and still draws the baseline', () => {
    const svg = renderChart(chart({ current: [] }), WINDOW, 'c1');

    expect(svg).toContain('data-empty="current"');
    expect(svg).toContain('no data since 14:00');
    expect(svg).not.toContain('data-series="current"');
    expect(svg).toContain('data-series="band"');
  });

  it('leaves out points that are not numbers instead of drawing NaN', () => {
    const svg = renderChart(
      chart({
        current: [
          [T0, Number.NaN],
          [T0 + 60, 2],
        ],
      }),
      WINDOW,
      'c1',
    );

    expect(svg).toContain('data-points="1"');
    expect(svg).not.toContain('NaN');
  });

  it('reads ratios as percentages on the axis and the limit', () => {
    const svg = renderChart(
      chart({
        kind: 'ratio',
        baseline: { n: 60, p5: 0.001, median: 0.004, p95: 0.008, points: [] },
        current: [[T0, 0.01]],
        limits: { max: 0.05 },
      }),
      WINDOW,
      'c1',
    );

    expect(svg).toContain('max 5%');
    expect(svg).toMatch(/>2%<\/text>/);
  });

  it('escapes names and reasons in the title and data attributes', () => {
    const svg = renderChart(
      chart({
        metric: '"><script>alert(1)</script>',
        cluster: "c'<b>",
        reason: '<img src=x onerror=alert(1)>',
      }),
      WINDOW,
      'c1',
    );

    expect(svg).not.toMatch(/<script|<img|<b>/i);
    expect(svg).toContain('data-chart="&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;"');
    expect(svg).toContain('data-cluster="c&#39;&#60;b&#62;"');
  });
});
