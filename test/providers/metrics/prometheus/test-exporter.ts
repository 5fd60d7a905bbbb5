import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One gauge sample: metric name, labels, value. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** A loopback HTTP server answering Prometheus text exposition with whatever the test set last. */
export async function startExporter(): Promise<{
  target: string;
  set(samples: Sample[]): void;
  close(): Promise<void>;
}> {
  let body = '';
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    target: `127.0.0.1:${port}`,
    set: (samples) => {
      body = exposition(samples);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function exposition(samples: Sample[]): string {
  const names = [...new Set(samples.map((s) => s.name))];
  return names
    .flatMap((name) => [
      `# TYPE ${name} gauge`,
      ...samples
        .filter((s) => s.name === name)
        .map((s) => {
          const labels = Object.entries(s.labels).map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, '\\$&')}"`);
          return `${name}{${labels.join(',')}} ${s.value}`;
        }),
    ])
    .join('\n')
    .concat('\n');
}
