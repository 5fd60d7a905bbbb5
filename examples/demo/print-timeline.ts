import type { Thread } from '../../src/ports/forge.ts';
import type { Entry } from './timeline.ts';

const RULE = '═'.repeat(100);

/**
 * The timeline as a reader follows it: chapter headers, then one stamped line per event (simulated
 * UTC time and minutes since the request), with MR bodies and comments printed verbatim as the
 * markdown the forge would render, between markers that say what they are.
 */
export function renderTimeline(entries: readonly Entry[], start: Date): string[] {
  return entries.flatMap((entry) => renderEntry(entry, `[${stamp(entry.at, start)}]`));
}

function renderEntry(e: Entry, at: string): string[] {
  switch (e.kind) {
    case 'chapter':
      return ['', RULE, `  ${e.title}`, RULE];
    case 'person':
      return [`${at} 👤 ${e.who} ${e.text}`, ...(e.body ? block('file / comment text', e.body) : [])];
    case 'world':
      return [`${at} ⚙  (simulated world) ${e.text}`];
    case 'branch':
      return [`${at} GUARD pushed branch ${e.branch}: one commit changing ${e.paths.join(', ')}`];
    case 'mr-opened':
      return [
        `${at} GUARD opened MR !${e.number}: ${e.title}`,
        `${pad(at)} branch ${e.branch} · labels ${e.labels.join(', ')} · ${e.url}`,
        ...block(`MR !${e.number} description`, e.body),
      ];
    case 'mr-retitled':
      return [`${at} GUARD retitled MR !${e.number}: ${e.title}`];
    case 'mr-closed':
      return [`${at} GUARD closed MR !${e.number}`, ...block('closing comment', e.comment)];
    case 'mr-merged':
      return [`${at} ${e.by} merged MR !${e.number}`];
    case 'comment':
      return [`${at} GUARD ${commentVerb(e)} on ${threadName(e.on)}`, ...block('comment', e.body)];
    case 'reaction':
      return [`${at} GUARD reacted :${e.reaction}: to comment ${e.commentId} on ${threadName(e.on)}`];
    case 'check': {
      const line = `${at} check ${e.name} on ${e.sha.slice(0, 7)}: ${e.state.toUpperCase()} — ${e.title}`;
      // A failing check's details are what its reader clicks through to; the start is enough here.
      return e.state === 'failure' ? [line, ...block(`${e.name} details`, head(e.summary, 12))] : [line];
    }
    case 'issue':
      return [
        e.change === 'edited'
          ? `${at} GUARD updated dashboard issue #${e.number}: ${e.summary}`
          : `${at} GUARD ${e.change} dashboard issue #${e.number} "${e.title}" (${e.url}): ${e.summary}`,
      ];
  }
}

/** `+0:42 08:42Z`: minutes since the start (h:mm) and the simulated wall clock. */
export function stamp(at: Date, start: Date): string {
  const minutes = Math.round((at.getTime() - start.getTime()) / 60_000);
  const since = `+${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
  return `${since} ${at.toISOString().slice(11, 16)}Z`;
}

/** Markdown exactly as posted, fenced by lines that name it. */
export function block(label: string, text: string): string[] {
  return [
    `    ┌── ${label} ${'─'.repeat(Math.max(3, 60 - label.length))}`,
    ...text.trimEnd().split('\n'),
    `    └${'─'.repeat(66)}`,
  ];
}

function head(text: string, lines: number): string {
  const all = text.trimEnd().split('\n');
  if (all.length <= lines) return all.join('\n');
  return [...all.slice(0, lines), `… (${all.length - lines} more lines)`].join('\n');
}

function commentVerb(e: Extract<Entry, { kind: 'comment' }>): string {
  if (e.sticky === 'posted') return 'posted its sticky comment';
  if (e.sticky === 'edited') return 'edited its sticky comment';
  return e.reply ? 'replied' : 'commented';
}

function threadName(on: Thread): string {
  return on.kind === 'mr' ? `MR !${on.number}` : `issue #${on.number}`;
}

function pad(text: string): string {
  return ' '.repeat(text.length);
}
