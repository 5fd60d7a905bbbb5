import type { Announcement } from '../../src/ports/announcer.ts';

/** One line saying what happened, the same in Slack, the webhook's `text` and a Datadog event title. */
export function headline(a: Announcement): string {
  const subject = `${a.rollout.service} ${a.rollout.version}`;
  const wave = a.wave ? `wave ${a.wave.index}/${a.wave.of} (${a.wave.batch})` : '';
  switch (a.event) {
    case 'wave.opened':
      return `${subject}: ${wave} MR opened`;
    case 'wave.merged':
      return `${subject}: ${wave} merged, waiting for ${count(a.wave?.clusters.length ?? 0)} to apply`;
    case 'wave.applied':
      return `${subject}: ${wave} applied on every cluster, soak started`;
    case 'wave.passed':
      return `${subject}: ${wave} passed its soak`;
    case 'wave.failed':
      return `${subject}: ${wave} failed`;
    case 'rollback.opened':
      return `${subject}: rollback MR opened for ${wave}`;
    case 'rollout.ended':
      return `${subject}: rollout ${ENDINGS[a.outcome ?? ''] ?? `ended (${a.outcome})`}`;
  }
}

const ENDINGS: Record<string, string> = {
  completed: 'completed on the whole fleet',
  'rolled-back': 'rolled back',
  superseded: 'superseded by a newer request',
  stopped: 'stopped',
};

/** A symbol per event for chat messages, so a channel reads at a glance. */
export function symbol(a: Announcement): string {
  if (a.event === 'rollout.ended') return a.outcome === 'completed' ? '🏁' : '⏹️';
  return SYMBOLS[a.event];
}

const SYMBOLS: Record<Exclude<Announcement['event'], 'rollout.ended'>, string> = {
  'wave.opened': '🔎',
  'wave.merged': '🔀',
  'wave.applied': '🚚',
  'wave.passed': '✅',
  'wave.failed': '❌',
  'rollback.opened': '↩️',
};

/** The links a message carries: the MR, the rollout page, the dashboard issue, as far as known. */
export function links(a: Announcement): { label: string; url: string }[] {
  const mrLabel = a.event === 'rollback.opened' ? 'rollback MR' : 'MR';
  return [
    ...(a.mr ? [{ label: `${mrLabel} !${a.mr.number}`, url: a.mr.url }] : []),
    ...(a.rollout.url ? [{ label: 'rollout page', url: a.rollout.url }] : []),
    ...(a.dashboard ? [{ label: `dashboard #${a.dashboard.number}`, url: a.dashboard.url }] : []),
  ];
}

function count(n: number): string {
  return `${n} ${n === 1 ? 'cluster' : 'clusters'}`;
}
