import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';

/** A dynalite server on loopback with an ephemeral port, and clients that talk to it. */
export interface LocalDynamo {
  endpoint: string;
  /** A new client with fake static credentials; closed by `close()`. */
  client(): DynamoDBClient;
  close(): Promise<void>;
}

/** Starts an in-memory DynamoDB-compatible server for one test file. */
export async function startDynalite(): Promise<LocalDynamo> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clients: DynamoDBClient[] = [];

  return {
    endpoint,
    client() {
      const client = new DynamoDBClient({
        endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'not-a-secret' },
      });
      clients.push(client);
      return client;
    },
    async close() {
      // Keep-alive sockets would hold the server open until they time out.
      for (const client of clients) client.destroy();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
