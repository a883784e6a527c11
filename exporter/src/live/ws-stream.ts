/**
 * GET /api/v1/analytics/stream: the live events over WebSocket, on the exporter's own HTTP server
 * (its `upgrade` event). The handshake is authorised before the upgrade (401/403/429 answered as
 * HTTP); after it, the client's messages change what the connection receives.
 */
import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { bearerToken } from '../../../common/http/bearer-key';
import type { Logger } from '../../../common/log';
import type { ExporterRuntime } from '../runtime';
import { boundedSender } from './bounded-sender';
import { parseClientMessage, type ClientMessage } from './client-messages';
import { errorFrame, type Stream } from './events';
import type { LiveSubscriber } from './hub';
import { CLOSE_CODES } from './limits';
import { keyFromProtocols, openStream, PULSE_PROTOCOL } from './stream-access';
import { outgoingFrame, type OutgoingFrame } from './wire';

export const STREAM_PATH = '/api/v1/analytics/stream';

function refuseUpgrade(socket: Duplex, status: number, error: string, retryAfter?: string): void {
  const body = JSON.stringify({ error });
  const wait = retryAfter ?? (status === 429 ? '5' : undefined);
  const extra = status === 401 ? 'WWW-Authenticate: Bearer\r\n' : wait !== undefined ? `Retry-After: ${wait}\r\n` : '';
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n${extra}\r\n${body}`);
}

/** The project named by the handshake's query (`?project=`), or a reason to refuse it. */
function handshakeProject(url: URL): { project?: string } | { error: string } {
  const unknown = [...url.searchParams.keys()].filter((key) => key !== 'project');
  if (unknown.length > 0) return { error: `invalid request: ${unknown[0]}: unknown query parameter` };
  return { project: url.searchParams.get('project') ?? undefined };
}

/** Applies a valid client message to the connection's subscription; a reason when it cannot. */
function apply(subscriber: LiveSubscriber, message: ClientMessage): string | undefined {
  if (subscriber.project === undefined) return `${message.type}: this connection is public (region health only); connect with ?project=<id> and the project's key`;
  if (message.project !== undefined && message.project !== subscriber.project) return `${message.type}: project: this connection is for project "${subscriber.project}" (got "${message.project}")`;
  const streams: Set<Stream> = subscriber.streams;
  switch (message.type) {
    case 'subscribeMetrics':
      streams.add('metrics');
      for (const name of message.metricNames) subscriber.metricNames.add(name);
      return undefined;
    case 'unsubscribeMetrics':
      for (const name of message.metricNames ?? []) subscriber.metricNames.delete(name);
      if (message.metricNames === undefined || subscriber.metricNames.size === 0) {
        streams.delete('metrics');
        subscriber.metricNames.clear();
      }
      return undefined;
    case 'getDashboardStream':
      streams.add('dashboard');
      return undefined;
    case 'stopDashboardStream':
      streams.delete('dashboard');
      return undefined;
  }
}

/**
 * Writes a frame prepared once for every connection (wire.ts) to the connection's socket, the
 * one ws was handed at the upgrade, instead of `ws.send`, which encodes and frames the text
 * anew for each connection. Safe beside ws's own writes (pings, close): without compression ws
 * writes each frame to the socket at once and whole, so frames never interleave; and once ws
 * has begun closing nothing more is written, as ws.send would refuse.
 */
function writePrepared(ws: WebSocket, socket: Duplex, frame: OutgoingFrame, done: () => void): void {
  if (ws.readyState !== ws.OPEN) return done();
  socket.write(frame.websocket(), done);
}

/** Serves the stream on `server`; `runtime.live.closeConnections()` closes its connections (and stops it). */
export function attachLiveWebSocket(server: Server, runtime: ExporterRuntime, log: Logger): void {
  const hub = runtime.live;
  const { limits } = hub;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxClientMessageBytes,
    // Off (as is ws's default), and it must stay so: events are written as prepared frames
    // (wire.ts), which ws would otherwise have to compress per connection.
    perMessageDeflate: false,
    // The key may come as a subprotocol; the one selected (and echoed) never carries it.
    handleProtocols: (offered) => (offered.has(PULSE_PROTOCOL) ? PULSE_PROTOCOL : false),
  });
  const alive = new WeakMap<WebSocket, boolean>();

  function onConnection(ws: WebSocket, subscriber: LiveSubscriber, release: () => void): void {
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
    ws.on('close', release);
    ws.on('error', (error) => log.debug({ err: error }, 'live websocket error'));
    ws.on('message', (data, isBinary) => {
      const parsed = isBinary ? { ok: false as const, reason: 'binary messages are not understood; send JSON text' } : parseClientMessage(data.toString());
      const problem = parsed.ok ? apply(subscriber, parsed.message) : parsed.reason;
      if (problem !== undefined) subscriber.sender.send(outgoingFrame(errorFrame(problem), { type: 'error' }));
    });
  }

  async function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== STREAM_PATH) return refuseUpgrade(socket, 404, `no WebSocket endpoint at ${url.pathname}; the live stream is ${STREAM_PATH}`);
    const wanted = handshakeProject(url);
    if ('error' in wanted) return refuseUpgrade(socket, 400, wanted.error);
    const key = bearerToken(req.headers.authorization) ?? keyFromProtocols(req.headers['sec-websocket-protocol']);
    const access = await openStream(runtime, hub, key, wanted.project);
    if (!access.ok) return refuseUpgrade(socket, access.status, access.error, access.retryAfter);
    // The peer may have gone while the rate limit was read: its slot goes back at once.
    if (socket.destroyed) return access.slot.release();
    socket.once('close', access.slot.release);
    wss.handleUpgrade(req, socket, head, (ws) => {
      const sender = boundedSender((frame, done) => writePrepared(ws, socket, frame, done), limits.maxQueuedMessages, () => {
        hub.dropped('slow_consumer');
        // Queued behind what the peer has not read: it sees the reason once it catches up, or
        // ws drops the socket after its close timeout; either way nothing more is queued.
        ws.close(CLOSE_CODES.slowConsumer, `slow consumer: more than ${limits.maxQueuedMessages} messages queued`);
      });
      const streams = new Set<Stream>(access.project === undefined ? ['regions'] : ['regions', 'alerts']);
      const subscriber: LiveSubscriber = { transport: 'websocket', project: access.project, streams, metricNames: new Set(), sender };
      access.slot.attach(subscriber);
      onConnection(ws, subscriber, access.slot.release);
    });
  }

  // One sweep for every connection: a peer that did not answer the last ping is gone.
  const sweep = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        hub.dropped('dead_peer');
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, limits.pingIntervalMs);
  sweep.unref();

  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => void onUpgrade(req, socket, head);
  server.on('upgrade', upgrade);
  hub.onStop(() => {
    clearInterval(sweep);
    server.off('upgrade', upgrade);
    for (const ws of wss.clients) {
      ws.close(CLOSE_CODES.shuttingDown, 'the exporter is shutting down');
      // A peer that does not answer the close must not hold the shutdown.
      setTimeout(() => ws.terminate(), 1_000).unref();
    }
  });
}
