/**
 * The Live section's yardstick: a bare `ws` server doing the same fan-out as pulse-exporter and
 * nothing else (no auth, no queues, no metrics). `POST /broadcast` with a frame-sized body stamps
 * the arrival into an alertNotification-shaped frame and sends it to every open connection.
 * Prints `{"port":N}` once listening. Usage: node --import tsx bench/live-bare-server.ts
 */
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';

const server = createServer((request, response) => {
  if (request.method !== 'POST') {
    response.end('ok');
    return;
  }
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const frame = JSON.stringify({ type: 'alertNotification', at: new Date().toISOString(), data: { body: Buffer.concat(chunks).toString() } });
    for (const client of sockets.clients) client.send(frame);
    response.statusCode = 202;
    response.end();
  });
});
const sockets = new WebSocketServer({ server, perMessageDeflate: false });

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
});
process.on('SIGTERM', () => process.exit(0));
