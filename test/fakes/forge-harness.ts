import type { ForgeKind } from '../../src/ports/forge.ts';
import type { ForgeHarness } from '../contract/forge-harness.ts';
import { createFakeForge, type FakeForge } from './forge.ts';

export interface FakeForgeHarness extends ForgeHarness {
  readonly fake: FakeForge;
}

/**
 * The in-memory forge (what every scenario and the demo run on) under the forge contract. The
 * harness operations get their nearest honest meaning in memory:
 * - `failNext`: the next tries fail; the fake retries each port call as the adapters do (up to
 *   MAX_TRIES), so a few failures are absorbed and a long outage surfaces as the adapters' give-up
 *   error with the last status; a spent quota is a RateLimitedError at once. That is what the engine above the port sees from a real forge, and
 *   what makes the contract's retry cases mean the same thing for all three.
 * - `requests`: each try of a port call is one request (there is no HTTP underneath).
 * - `freshForge`: the fake keeps no adapter-side memory, so a second view of the same forge.
 * - `annotationBatches`: the annotations each setCheck call carried (one call, no request limit).
 */
export function makeFakeForgeHarness(kind: ForgeKind = 'github'): FakeForgeHarness {
  let clock = Date.parse('2025-06-02T09:30:00Z');
  // Each merge a second after the one before, as a forge stamps them.
  const tick = () => {
    clock += 1000;
    return new Date(clock);
  };
  const fake = createFakeForge({ kind, files: {}, now: tick });
  const freshForge = () => ({ ...fake.forge });
  return {
    fake,
    forge: fake.forge,
    freshForge,
    seed: (input) => fake.seed(input),
    failNext: (failure, times) => fake.failNext(times, failure),
    pushOutside: (branch, files) => fake.pushTo(branch, files),
    setMergeRequestState(number, state) {
      if (state === 'merged') fake.merge(number, tick());
      else if (state === 'closed') fake.close(number);
      else fake.reopen(number);
    },
    postAs: (user, on, body) => fake.comment(on, body, user),
    openIssueAs: (user, issue) => fake.openIssueAs(user, issue),
    openForkMergeRequest: (input) => fake.openForkMergeRequest(input),
    requests: fake.requests,
    resetRequests: fake.resetRequests,
    view: {
      branchHead: fake.branchHead,
      commitsAhead: fake.commitsAhead,
      file: fake.file,
      mergeRequests: fake.mergeRequests,
      comments: (on) =>
        fake.comments(on).map((c) => ({ id: c.id, body: c.body, reactions: [...c.reactions] })),
      checks: fake.checksOn,
      annotationBatches: fake.annotationCalls,
      issues: () =>
        fake.issues().map(({ number, title, body, labels, open }) => ({ number, title, body, labels, open })),
    },
  };
}
