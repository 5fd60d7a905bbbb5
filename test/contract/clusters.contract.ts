import { afterEach, beforeEach, describe } from 'vitest';
import { describeApplied } from './clusters/applied.ts';
import type { ClustersContractContext } from './clusters/context.ts';
import { describeEvents } from './clusters/events.ts';
import { describeListing } from './clusters/listing.ts';
import { describeReadiness } from './clusters/readiness.ts';
import { describeRestarts } from './clusters/restarts.ts';
import { describeUnreachable } from './clusters/unreachable.ts';
import { describeWorkloads } from './clusters/workloads.ts';
import type { ClustersHarness } from './clusters-harness.ts';

/**
 * The behaviour every `Clusters` implementation shares (src/ports/clusters.ts): the Kubernetes
 * adapter over the fake API server, and the in-memory fake the prechecks, services and demo run on.
 * Cases seed Kubernetes objects as the API server stores them and assert what the port answers, so
 * an implementation cannot agree with a belief about the API that the other does not share.
 */
export function describeClustersContract(
  name: string,
  makeHarness: () => ClustersHarness | Promise<ClustersHarness>,
): void {
  describe(`${name} clusters contract`, () => {
    let harness: ClustersHarness | undefined;
    const ctx: ClustersContractContext = {
      get h() {
        if (!harness) throw new Error('the contract harness is made in beforeEach; use ctx.h inside a test');
        return harness;
      },
    };

    beforeEach(async () => {
      harness = await makeHarness();
    });
    afterEach(async () => {
      await harness?.close();
      harness = undefined;
    });

    describeReadiness(ctx);
    describeWorkloads(ctx);
    describeApplied(ctx);
    describeListing(ctx);
    describeRestarts(ctx);
    describeEvents(ctx);
    describeUnreachable(ctx);
  });
}
