import { describe, expect, it } from 'vitest';
import { interned } from '../../../src/util/interned.ts';

describe('interned', () => {
  it('returns a string equal to the one given, the same one for every equal string', () => {
    const text = 'kind: HelmRelease\nmetadata: { name: istio-ingressgateway }\n';
    const name = text.slice(text.indexOf('istio'), text.indexOf(' }'));

    const first = interned(name);
    const second = interned(`istio-${'ingressgateway'}`);

    expect(first).toBe('istio-ingressgateway');
    expect(second).toBe(first);
    expect(interned('')).toBe('');
    expect(interned('Zürich — 東京')).toBe('Zürich — 東京');
  });
});
