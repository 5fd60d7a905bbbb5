import type { Announcement, AnnouncementEvent, Announcer } from '../../../src/ports/announcer.ts';
import type { Marker, Metrics } from '../../../src/ports/metrics.ts';
import { headline, links } from '../announcement-text.ts';
import type { NotifySettings } from '../types.ts';
import { markerError } from './marker-error.ts';

/** The moments a graph reader wants marked: the new version going out, its verdict, a rollback. */
const EVENTS = new Set<AnnouncementEvent>([
  'wave.merged',
  'wave.applied',
  'wave.passed',
  'wave.failed',
  'rollback.opened',
]);

const SEVERITY: Partial<Record<AnnouncementEvent, Marker['severity']>> = {
  'wave.passed': 'success',
  'wave.failed': 'error',
  'rollback.opened': 'warning',
};

/**
 * Deployment markers on Datadog (issue 11): the Metrics port's `mark` of the fleet's Datadog
 * source, tagged with service, version, wave and every cluster of the wave by the fleet's
 * `clusterTag`, so dashboards show the upgrade beside the graphs the soak reads. On by itself when
 * DD_API_KEY and DD_APP_KEY are set; fleets on Prometheus get no marker (Prometheus has no events).
 */
export function createDatadogEventsAnnouncer(settings: NotifySettings): Announcer | undefined {
  const { env } = settings;
  if (!env.DD_API_KEY || !env.DD_APP_KEY) return undefined;
  return {
    id: 'datadog-events',
    usesMetrics: true,
    wants: (event) => EVENTS.has(event),
    async announce(announcement, signal) {
      if (announcement.metrics?.provider !== 'datadog' || !announcement.wave) return;
      const source = await datadogSource(settings, announcement.metrics.clusterTag, signal);
      await source.mark(marker(announcement)).catch((error: unknown) => {
        throw markerError(error);
      });
    },
  };
}

function marker(a: Announcement): Marker {
  const lines = [a.reason ?? '', ...links(a).map((link) => `[${link.label}](${link.url})`)].filter(Boolean);
  return {
    title: `GUARD: ${headline(a)}`,
    // Datadog renders an event's text as markdown between `%%% \n` and `\n %%%` (Events API reference).
    text: `%%% \n${lines.join('\n\n')}\n %%%`,
    clusters: a.wave?.clusters ?? [],
    service: a.rollout.service,
    version: a.rollout.version,
    ...(a.wave ? { wave: a.wave.batch } : {}),
    event: a.event,
    severity: SEVERITY[a.event] ?? 'info',
    group: `guard:${a.rollout.key}:${a.rollout.version}`,
    at: Date.parse(a.at),
  };
}

/**
 * The fleet's Datadog metrics source for this one marker, its requests cut by `signal`, and its
 * rate-limit waits too. Loaded on first use: the Datadog client costs start-up time.
 */
async function datadogSource(
  settings: NotifySettings,
  clusterTag: string,
  signal: AbortSignal,
): Promise<Metrics> {
  const { createDatadogMetrics } = await import('../../metrics/datadog/index.ts');
  const fetch = settings.fetch ?? ((input, init) => globalThis.fetch(input, init));
  return createDatadogMetrics({
    clusterTag,
    env: settings.env,
    fetch: (input, init) => fetch(input, { ...init, signal }),
    retry: {
      sleep: (ms) =>
        new Promise((resolve, reject) => {
          if (signal.aborted) reject(new Error('aborted'));
          const timer = setTimeout(resolve, ms);
          signal.addEventListener('abort', () => {
            clearTimeout(timer);
            reject(new Error('aborted'));
          });
        }),
    },
  });
}
