import { type CheckSpec, type Forge, withMarker } from '../../../src/ports/forge.ts';
import { FakeForgeError } from './faults.ts';
import { type ForgeState, threadKey } from './state.ts';

type ThreadVerbs = Pick<
  Forge,
  'ensureComment' | 'addComment' | 'addReaction' | 'setCheck' | 'permission' | 'teamsOf' | 'ensureIssue'
>;

/**
 * What a GitLab commit status keeps of a check: a name, a state without "neutral" (success, the
 * description saying neutral), a description of at most 255 characters and a link; no summary and
 * no annotations (GitLab's commit status API: state, name, description, target_url).
 */
function asGitLabStatus(spec: CheckSpec): CheckSpec {
  const line = (spec.state === 'neutral' ? `Neutral: ${spec.title}` : spec.title).replace(/\s+/g, ' ').trim();
  return {
    sha: spec.sha,
    name: spec.name,
    state: spec.state === 'neutral' ? 'success' : spec.state,
    title: line.length <= 255 ? line : `${line.slice(0, 254)}…`,
    summary: '',
    ...(spec.detailsUrl ? { detailsUrl: spec.detailsUrl } : {}),
  };
}

const sortedJoin = (labels: readonly string[]) => [...labels].sort().join('\n');

/** Comments, reactions, checks, people and the dashboard issue. */
export function threadVerbs(s: ForgeState): ThreadVerbs {
  const issueUrl = (number: number) =>
    `https://forge.test/acme/fleet/${s.kind === 'github' ? 'issues' : '-/issues'}/${number}`;

  return {
    async ensureComment({ on, marker, body }) {
      const text = withMarker(marker, body);
      // Only GUARD's own comment counts: anyone who may comment can copy the marker.
      const found = s.thread(on).find((c) => c.author === s.bot && c.body.includes(marker));
      if (found) {
        if (found.body !== text) {
          found.body = text;
          s.wrote('edit-comment', `${threadKey(on)} ${marker}`);
        }
        return { id: found.id, created: false };
      }
      const id = s.addComment(on, text, s.bot);
      s.wrote('comment', `${threadKey(on)} ${marker}`);
      return { id, created: true };
    },
    async addComment({ on, body }) {
      const id = s.addComment(on, body, s.bot);
      s.wrote('comment', threadKey(on));
      return { id };
    },
    async addReaction({ on, commentId, reaction }) {
      const c = s.thread(on).find((x) => x.id === commentId);
      if (!c) throw new FakeForgeError(404, `no comment ${commentId} on ${threadKey(on)}`);
      if (!c.reactions.includes(reaction)) {
        c.reactions.push(reaction);
        s.wrote('reaction', `${commentId}`);
      }
    },
    async setCheck(spec) {
      // GitHub answers 422 "No commit found for SHA", GitLab 404, for a sha the repository lacks.
      if (!s.git.commits.has(spec.sha)) throw new FakeForgeError(422, `no commit ${spec.sha}`);
      const key = `${spec.sha}:${spec.name}`;
      const kept = s.kind === 'github' ? { ...spec } : asGitLabStatus(spec);
      s.checks.set(key, kept);
      s.checkHistory.push({ ...kept });
      const calls = s.annotationCalls.get(key) ?? [];
      if (kept.annotations?.length) calls.push(kept.annotations.length);
      s.annotationCalls.set(key, calls);
      s.wrote('check', `${spec.name} ${spec.state}`);
    },
    // A private repository: someone who is not a member has no permission (GitHub answers 404).
    async permission(login) {
      return s.permissions.get(login) ?? 'none';
    },
    async teamsOf(login) {
      return [...(s.teams.get(login) ?? [])];
    },
    async ensureIssue({ marker, title, body, labels, open }) {
      const text = withMarker(marker, body);
      // GUARD's own issue only, among those carrying every label (how the adapters search).
      const found = s.issues.find(
        (i) => i.author === s.bot && i.body.includes(marker) && labels.every((l) => i.labels.includes(l)),
      );
      if (found) {
        const changed =
          found.title !== title ||
          found.body !== text ||
          found.open !== open ||
          sortedJoin(found.labels) !== sortedJoin(labels);
        if (changed) {
          Object.assign(found, { title, body: text, labels: [...labels], open });
          s.wrote(open ? 'edit-issue' : 'close-issue', `#${found.number}`);
        }
        return { number: found.number, url: issueUrl(found.number) };
      }
      const number = s.nextNumber('issue');
      s.issues.push({ number, author: s.bot, title, body: text, labels: [...labels], open });
      s.wrote('open-issue', `#${number}`);
      return { number, url: issueUrl(number) };
    },
  };
}
