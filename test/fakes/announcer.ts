import {
  ANNOUNCEMENT_EVENTS,
  type Announcement,
  type AnnouncementEvent,
  AnnounceRefusedError,
  type Announcer,
} from '../../src/ports/announcer.ts';
import type { ReceiverMode } from '../contract/announcer.contract.ts';

/**
 * An in-memory sink for engine tests: records what it was given and answers as told, like a
 * receiver would (passes test/contract/announcer.contract.ts).
 */
export function createFakeAnnouncer(id = 'fake', events: readonly AnnouncementEvent[] = ANNOUNCEMENT_EVENTS) {
  const received: Announcement[] = [];
  let mode: ReceiverMode = 'ok';
  let calls = 0;
  const announcer: Announcer = {
    id,
    wants: (event) => events.includes(event),
    async announce(announcement, signal) {
      calls += 1;
      if (mode === 'transient') throw new Error(`${id} receiver answered HTTP 503`);
      if (mode === 'refused') throw new AnnounceRefusedError(`${id} receiver answered HTTP 404`);
      if (mode === 'hang') {
        await new Promise<never>((_, reject) => {
          signal.addEventListener('abort', () => reject(new Error(`${id}: aborted`)));
        });
      }
      received.push(structuredClone(announcement));
      return undefined;
    },
  };
  return {
    announcer,
    received,
    calls: () => calls,
    behave(next: ReceiverMode) {
      mode = next;
    },
  };
}
