import { describe, expect, it } from 'vitest';
import { formulaQuery } from '../../../../providers/metrics/datadog/formula-request.ts';

describe('a classic Datadog query as a v2 formula request', () => {
  it('names a lone metric query and makes it the formula', () => {
    expect(formulaQuery('sum:a.b{x:y} by {c}.as_count()')).toEqual({
      queries: [{ name: 'q0', query: 'sum:a.b{x:y} by {c}.as_count()' }],
      formula: 'q0',
    });
  });

  it('keeps arithmetic, constants and functions in the formula and modifiers with their query', () => {
    const request = formulaQuery(
      '1 - monotonic_diff(sum:a{x:y} by {c}.rollup(max)) / (avg:b{*} by {c}.rollup(sum, 300) + p95:d{NOT e:f} by {c})',
    );

    expect(request).toEqual({
      queries: [
        { name: 'q0', query: 'sum:a{x:y} by {c}.rollup(max)' },
        { name: 'q1', query: 'avg:b{*} by {c}.rollup(sum, 300)' },
        { name: 'q2', query: 'p95:d{NOT e:f} by {c}' },
      ],
      formula: '1 - monotonic_diff(q0) / (q1 + q2)',
    });
  });

  it('reads a term without an aggregator, as the classic syntax allows', () => {
    expect(formulaQuery('system.load.1{host:a}').queries).toEqual([
      { name: 'q0', query: 'system.load.1{host:a}' },
    ]);
  });

  it('refuses text that names no metric', () => {
    expect(() => formulaQuery('1 + 2')).toThrow(/names no metric/);
  });
});
