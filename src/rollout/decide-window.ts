import { act, type DecideWave, type Draft, note, requeueIn, waveName } from './decide-draft.ts';

/**
 * Outside a maintenance window a wave waits (issue 3, item 7): a pending wave's MR is not opened,
 * and an open wave MR is held with `guard/precheck` pending, which blocks its merge. The wait is
 * announced once per opening time, and decide looks again when the window opens.
 */
export function waitForWindow(d: Draft, wave: DecideWave): void {
  const opensAt = d.observed.window.opensAt;
  if (opensAt) requeueIn(d, Date.parse(opensAt) - d.now);
  if (wave.waitingForWindow && wave.waitingForWindow.opensAt === opensAt) return;
  wave.waitingForWindow = opensAt ? { opensAt } : {};
  const text = opensAt ? `waiting for the window that opens ${opensAt}` : 'waiting for a maintenance window';
  if (wave.phase !== 'pending') {
    wave.phase = 'blocked';
    act(d, { kind: 'set-precheck', wave: wave.index, state: 'pending', title: text });
  }
  note(d, 'wave.waiting', `${waveName(d.state, wave)}: ${text}`);
}
