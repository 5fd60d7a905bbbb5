import { describe, expect, it } from 'vitest';
import { lookupServiceProvider, serviceProviders } from '../../providers/services/api.ts';
import { loadFleet } from '../../src/load/load-fleet.ts';
import { BASE_FLEET } from './bad-input-helpers.ts';

const input = (text: string) => ({
  text,
  providers: lookupServiceProvider,
  providerIds: [...serviceProviders.keys()],
});

describe('loadFleet across requests and ticks', () => {
  it('reads one content once, whichever string holds it', () => {
    const first = loadFleet(input(BASE_FLEET));

    const again = loadFleet(input(`${BASE_FLEET}`.slice(0)));

    expect(first.loaded?.fleet).toBeDefined();
    expect(again).toBe(first);
  });

  it('reads a changed fleet anew', () => {
    const first = loadFleet(input(BASE_FLEET));

    const changed = loadFleet(input(BASE_FLEET.replace('region: eu-west-1', 'region: eu-west-2')));

    expect(changed).not.toBe(first);
    expect(changed.loaded?.fleet?.clusters[3]?.region).toBe('eu-west-2');
  });

  it('asks other providers anew', () => {
    const first = loadFleet(input(BASE_FLEET));

    const other = loadFleet({ ...input(BASE_FLEET), providers: (id: string) => lookupServiceProvider(id) });

    expect(other).not.toBe(first);
    expect(other.loaded?.fleet).toEqual(first.loaded?.fleet);
  });
});
