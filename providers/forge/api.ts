import type { ForgeKind, ForgeTerms } from '../../src/ports/forge.ts';
import { githubTerms } from './github/terms.ts';
import { gitlabTerms } from './gitlab/terms.ts';

/**
 * What GUARD knows of a forge besides its adapter's verbs. The adapter itself is built per
 * repository by handlers/server/forge-for.ts, which has one builder per kind.
 */
export interface ForgeEntry {
  /** How the forge names things to people (its adapter carries the same terms). */
  terms: ForgeTerms;
}

/**
 * Every forge, by the kind that prefixes rollout keys. One folder each under providers/forge/, one
 * line each here; the type makes a kind added to FORGE_KINDS without an entry fail to compile.
 */
export const forges: Readonly<Record<ForgeKind, ForgeEntry>> = {
  github: { terms: githubTerms },
  gitlab: { terms: gitlabTerms },
};
