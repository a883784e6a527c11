/** Test harness: an HTTP receiver on loopback that fails the first N requests, then records what it accepts. Not a test itself. */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly status: number;
  /** Date.now() when the body had arrived (the bench times deliveries by it). */
  readonly receivedAt: number;
}

export interface WebhookReceiver {
  readonly url: string;
  /** Every request, failed or accepted, in arrival order. */
  requests(): ReceivedRequest[];
  /** Fail the next `count` requests with 500. */
  failNext(count: number): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(path = '/hook'): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  let failures = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const status = failures > 0 ? 500 : 200;
      if (failures > 0) failures--;
      requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), status, receivedAt: Date.now() });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`,
    requests: () => [...requests],
    failNext: (count) => void (failures = count),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
