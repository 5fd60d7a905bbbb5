import type { CheckSpec, Thread } from '../../src/ports/forge.ts';

/** One thing a user of the forge would have seen happen, at simulated time `at`. */
export type Entry =
  | { at: Date; kind: 'chapter'; title: string }
  | { at: Date; kind: 'person'; who: string; text: string; body?: string }
  | { at: Date; kind: 'world'; text: string }
  | { at: Date; kind: 'branch'; branch: string; paths: readonly string[] }
  | {
      at: Date;
      kind: 'mr-opened';
      number: number;
      title: string;
      branch: string;
      labels: readonly string[];
      url: string;
      body: string;
    }
  | { at: Date; kind: 'mr-retitled'; number: number; title: string }
  | { at: Date; kind: 'mr-closed'; number: number; comment: string }
  | { at: Date; kind: 'mr-merged'; number: number; by: string }
  | { at: Date; kind: 'comment'; on: Thread; body: string; sticky?: 'posted' | 'edited'; reply: boolean }
  | { at: Date; kind: 'reaction'; on: Thread; commentId: number; reaction: string }
  | {
      at: Date;
      kind: 'check';
      sha: string;
      name: string;
      state: CheckSpec['state'];
      title: string;
      summary: string;
    }
  | {
      at: Date;
      kind: 'issue';
      number: number;
      title: string;
      url: string;
      change: 'opened' | 'edited' | 'closed';
      /** The dashboard's status sentence after the change. */
      summary: string;
    };

/** Distributes `Omit` over the union, so each kind keeps its own fields. */
export type EntryInput = Entry extends infer E ? (E extends Entry ? Omit<E, 'at'> : never) : never;

/** The demo's record of what happened, in order, stamped with the simulated clock. */
export interface Timeline {
  readonly entries: readonly Entry[];
  add(entry: EntryInput): void;
}

export function createTimeline(clock: () => Date): Timeline {
  const entries: Entry[] = [];
  return {
    entries,
    add: (entry) => entries.push({ ...entry, at: new Date(clock()) } as Entry),
  };
}
