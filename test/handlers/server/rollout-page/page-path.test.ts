import { describe, expect, it } from 'vitest';
import { parsePagePath } from '../../../../handlers/server/rollout-page/page-path.ts';
import { rolloutPageUrl } from '../../../../src/engine/rollout-page-url.ts';

describe('parsePagePath', () => {
  it.each([
    'github:acme/fleet:istio',
    'gitlab:platform/infra/fleet:promtail',
    'gitlab:group/sub group/ünïcode:external-dns',
    'github:acme/fleet%2F..:cert-manager',
  ])('reads back the key of the address rollout-page-url.ts builds for %s', (key) => {
    const path = new URL(rolloutPageUrl('https://guard.example.com', key)!).pathname;

    expect(parsePagePath(path)).toEqual({ kind: 'rollout', key });
  });

  it('names the list at /rollouts and leaves other paths alone', () => {
    expect(parsePagePath('/rollouts')).toEqual({ kind: 'index' });
    expect(parsePagePath('/rolloutsx')).toBeUndefined();
    expect(parsePagePath('/api/github/webhooks')).toBeUndefined();
  });

  it.each([
    '/rollouts/github/istio',
    '/rollouts/bitbucket/acme/fleet/istio',
    '/rollouts/github/acme//istio',
    '/rollouts/github/acme/fle%3At/istio',
    '/rollouts/github/acme/%E0%A4%A/istio',
    '/rollouts/github/acme/a%2Fb/istio',
  ])('does not read %s as a rollout', (path) => {
    expect(parsePagePath(path)).toEqual({ kind: 'unknown' });
  });

  it('sends one trailing slash back to the address without it, relative to where the browser is', () => {
    expect(parsePagePath('/rollouts/')).toEqual({ kind: 'slash', location: '../rollouts' });
    expect(parsePagePath('/rollouts/github/acme/fleet/istio/')).toEqual({
      kind: 'slash',
      location: '../istio',
    });
  });
});
