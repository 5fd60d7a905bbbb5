import { EventEmitter } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serveCommand } from '../../../handlers/cli/serve-command.ts';

const io = (cwd: string) => ({ out: () => {}, err: () => {}, cwd });

describe('guard serve', () => {
  it('runs until SIGTERM, then shuts down and exits 0', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'guard-serve-'));
    const signals = new EventEmitter();
    const env = { PORT: '0', LOG_LEVEL: 'silent', GUARD_STATE: `file:${join(cwd, 'state')}` };

    const exit = serveCommand([], io(cwd), { env, signals });
    while (signals.listenerCount('SIGTERM') === 0) await new Promise((resolve) => setImmediate(resolve));
    signals.emit('SIGTERM');

    expect(await exit).toBe(0);
  });

  it('refuses to start with one line naming a wrong setting from .env', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'guard-serve-'));
    writeFileSync(join(cwd, '.env'), 'GITLAB_TOKEN="glpat-from-dotenv"\n');

    const start = serveCommand([], io(cwd), { env: { LOG_LEVEL: 'silent' }, signals: new EventEmitter() });

    await expect(start).rejects.toThrow(/^GITLAB_WEBHOOK_SECRET: required when GITLAB_TOKEN is set/);
  });
});
