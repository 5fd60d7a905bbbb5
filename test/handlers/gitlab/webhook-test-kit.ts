// Shared by the GitLab and GitHub inbound tests: a fake sink, a recording logger and a loopback server.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebhookLogger } from '../../../handlers/http/webhook-logger.ts';
import type { EventSink, ForgeEvent } from '../../../src/engine/events.ts';

/** Records every delivery; answers `duplicate` for an id seen before; fails while `failing` is set. */
export function createFakeSink() {
  const deliveries: { id: string; event: ForgeEvent }[] = [];
  const seen = new Set<string>();
  const sink = {
    deliveries,
    failing: undefined as Error | undefined,
    async deliver(delivery: { id: string; event: ForgeEvent }) {
      if (sink.failing) throw sink.failing;
      deliveries.push(delivery);
      if (seen.has(delivery.id)) return 'duplicate' as const;
      seen.add(delivery.id);
      return 'accepted' as const;
    },
  } satisfies EventSink & Record<string, unknown>;
  return sink;
}

/** Keeps every log line as JSON text, to assert on what was (not) logged. */
export function createRecordingLog() {
  const lines: string[] = [];
  const record = (level: string) => (details: object, message: string) => {
    lines.push(JSON.stringify({ level, message, ...details }));
  };
  const log: WebhookLogger & { lines: string[] } = {
    lines,
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  };
  return log;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => unknown;

/** Serves `handler` on 127.0.0.1 (404 when it leaves a request unanswered); close() when done. */
export async function startLoopback(handler: Handler) {
  const server = createServer(async (req, res) => {
    const handled = await handler(req, res);
    if (handled === false && !res.headersSent) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// biome-ignore lint/suspicious/noExplicitAny: published example payloads, varied field by field in tests
export type Payload = Record<string, any>;
