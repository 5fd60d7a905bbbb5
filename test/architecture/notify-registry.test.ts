import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAnnouncers, notifySinks } from '../../providers/notify/api.ts';

const NOTIFY_DIR = join(import.meta.dirname, '../../providers/notify');

describe('notification sink registry', () => {
  it('registers one sink per folder under providers/notify/, and a folder for every sink', () => {
    const folders = readdirSync(NOTIFY_DIR, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();

    expect([...notifySinks.keys()].sort()).toEqual(folders);
  });

  it('builds no sink when nothing is configured, so GUARD announces nothing', () => {
    expect(createAnnouncers({ env: {} })).toEqual([]);
  });

  it('builds each configured sink under its registered id', () => {
    const env = {
      SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/x',
      GUARD_NOTIFY_URL: 'https://hooks.example.com/guard',
      GUARD_NOTIFY_SECRET: 's',
      DD_API_KEY: 'k',
      DD_APP_KEY: 'a',
    };

    expect(createAnnouncers({ env }).map((a) => a.id)).toEqual([...notifySinks.keys()]);
  });
});
