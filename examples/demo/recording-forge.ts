import type { Forge, Thread } from '../../src/ports/forge.ts';
import type { Timeline } from './timeline.ts';

const key = (on: Thread) => `${on.kind}:${on.number}`;
/** Markers of the comments GUARD keeps one of and edits in place (DESIGN section 3). */
const STICKY = /^<!-- guard:(precheck|soak|plan) -->$/;

/**
 * The forge as the engine sees it, writing to the timeline what a person watching the repository
 * would notice: branches pushed, MRs opened, retitled, closed or merged, comments (sticky ones when
 * they first appear and whenever their text changes), reactions, check states, and the dashboard
 * issue opening, closing and changing its status sentence. Repeats that change nothing on the forge are left out, as the forge's
 * own UI would show nothing new for them.
 */
export function createRecordingForge(forge: Forge, timeline: Timeline): Forge {
  const mrs = new Map<number, string>();
  const stickies = new Map<string, string>();
  const checks = new Map<string, string>();
  const issues = new Map<number, { open: boolean; body: string }>();
  return {
    kind: forge.kind,
    terms: forge.terms,
    defaultBranch: () => forge.defaultBranch(),
    readFiles: (ref, paths) => forge.readFiles(ref, paths),
    listFiles: (ref, dir) => forge.listFiles(ref, dir),
    findMergeRequest: (branch) => forge.findMergeRequest(branch),
    getMergeRequest: (number) => forge.getMergeRequest(number),
    changedFiles: (number) => forge.changedFiles(number),
    permission: (login) => forge.permission(login),
    teamsOf: (login) => forge.teamsOf(login),
    async ensureBranchCommit(input) {
      const result = await forge.ensureBranchCommit(input);
      if (result.created)
        timeline.add({ kind: 'branch', branch: input.branch, paths: input.changes.map((c) => c.path) });
      return result;
    },
    async ensureMergeRequest(input) {
      const mr = await forge.ensureMergeRequest(input);
      const before = mrs.get(mr.number);
      if (before === undefined) {
        const { title, branch, labels, url } = mr;
        timeline.add({ kind: 'mr-opened', number: mr.number, title, branch, labels, url, body: input.body });
      } else if (before !== mr.title)
        timeline.add({ kind: 'mr-retitled', number: mr.number, title: mr.title });
      mrs.set(mr.number, mr.title);
      return mr;
    },
    async closeMergeRequest(number, comment) {
      const before = await forge.getMergeRequest(number);
      await forge.closeMergeRequest(number, comment);
      if (before?.state === 'open') timeline.add({ kind: 'mr-closed', number, comment });
    },
    async mergeMergeRequest(number) {
      const before = await forge.getMergeRequest(number);
      const mr = await forge.mergeMergeRequest(number);
      if (before?.state === 'open') timeline.add({ kind: 'mr-merged', number, by: 'GUARD' });
      return mr;
    },
    async ensureComment(input) {
      const result = await forge.ensureComment(input);
      const id = `${key(input.on)} ${input.marker}`;
      if (stickies.get(id) !== input.body) {
        // Event comments and command replies go through ensureComment too, with a unique marker
        // (so a retry finds them): only the fixed markers make a sticky comment.
        const sticky = STICKY.test(input.marker) ? (stickies.has(id) ? 'edited' : 'posted') : undefined;
        const reply = input.marker.startsWith('<!-- guard:reply:');
        timeline.add({
          kind: 'comment',
          on: input.on,
          body: input.body,
          ...(sticky ? { sticky } : {}),
          reply,
        });
        stickies.set(id, input.body);
      }
      return result;
    },
    async addComment(input) {
      const result = await forge.addComment(input);
      timeline.add({ kind: 'comment', on: input.on, body: input.body, reply: false });
      return result;
    },
    async addReaction(input) {
      await forge.addReaction(input);
      timeline.add({ kind: 'reaction', on: input.on, commentId: input.commentId, reaction: input.reaction });
    },
    async setCheck(spec) {
      await forge.setCheck(spec);
      const id = `${spec.sha} ${spec.name}`;
      const shown = `${spec.state} ${spec.title}`;
      if (checks.get(id) === shown) return;
      checks.set(id, shown);
      const { sha, name, state, title, summary } = spec;
      timeline.add({ kind: 'check', sha, name, state, title, summary });
    },
    async ensureIssue(input) {
      const issue = await forge.ensureIssue(input);
      const before = issues.get(issue.number);
      const { number, url } = issue;
      const summary = headline(input.body);
      if (before === undefined || before.open !== input.open) {
        const change = input.open ? 'opened' : 'closed';
        timeline.add({ kind: 'issue', number, title: input.title, url, change, summary });
      } else if (headline(before.body) !== summary) {
        timeline.add({ kind: 'issue', number, title: input.title, url, change: 'edited', summary });
      }
      issues.set(issue.number, { open: input.open, body: input.body });
      return issue;
    },
  };
}

/**
 * What a glance at the dashboard tells: the rollout's phase (`rollout **active**`) and each wave's
 * status cell (`| 1 | test | 🧪 soaking (3 of 10 min) | …`).
 */
export function headline(body: string): string {
  const phase = /rollout \*\*([a-z-]+)\*\*/.exec(body)?.[1] ?? 'unknown';
  const waves = body.split('\n').flatMap((l) => {
    const cells = /^\| \d+ \| ([^|]+) \| ([^|]+) \|/.exec(l);
    return cells ? [`${cells[1]!.trim()} ${cells[2]!.trim()}`] : [];
  });
  return [`rollout ${phase}`, ...waves].join(' · ');
}
