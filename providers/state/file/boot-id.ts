import { readFileSync } from 'node:fs';
import { uptime } from 'node:os';

/**
 * An id of the running kernel boot. Written data that was never fsynced survives a process crash
 * (the page cache keeps it) but not a reboot or power cut, so the journal is replayed only when it
 * was written under another boot. Linux names each boot (`boot_id`); elsewhere the boot time, to
 * the minute, stands in for it.
 */
export function bootId(): string {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return `booted-${Math.round((Date.now() / 1000 - uptime()) / 60)}`;
  }
}
