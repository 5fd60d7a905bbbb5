import { beforeEach, describe } from 'vitest';
import { describeBranchCommit } from './forge/branch-commit.ts';
import { describeChecks } from './forge/checks.ts';
import { describeComments } from './forge/comments.ts';
import type { ForgeContractContext } from './forge/context.ts';
import { describeIssues } from './forge/issues.ts';
import { describeMergeRequests } from './forge/merge-requests.ts';
import { describeOutsiders } from './forge/outsiders.ts';
import { describePeople } from './forge/people.ts';
import { describeReads } from './forge/reads.ts';
import { describeRetries } from './forge/retries.ts';
import type { ForgeHarness } from './forge-harness.ts';

/**
 * The behaviour every `Forge` adapter shares; each adapter's test file calls this once with a factory
 * for its harness (the adapter wired through msw to an in-memory fake of the forge). Forge-neutral:
 * only the port and the harness are used here; platform specifics belong in the adapter's own tests.
 */
export function describeForgeContract(
  name: string,
  makeHarness: () => ForgeHarness | Promise<ForgeHarness>,
): void {
  describe(`${name} forge contract`, () => {
    let harness: ForgeHarness | undefined;
    const ctx: ForgeContractContext = {
      get h() {
        if (!harness) throw new Error('the contract harness is made in beforeEach; use ctx.h inside a test');
        return harness;
      },
    };

    beforeEach(async () => {
      harness = await makeHarness();
    });

    describeReads(ctx);
    describeBranchCommit(ctx);
    describeMergeRequests(ctx);
    describeComments(ctx);
    describeChecks(ctx);
    describePeople(ctx);
    describeIssues(ctx);
    describeRetries(ctx);
    describeOutsiders(ctx);
  });
}
