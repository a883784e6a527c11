import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { renderErrorBody, renderMessageError, renderNotFoundBody, renderPong } from './region-bodies';
import { holdConnection, type RegionContext } from './region-context';
import { acceptRequest, type AcceptedRequest } from './region-state';

export const MEDIA_PATH = '/rtc';

/** The region's WebSocket endpoint: upgrades on /rtc and answers every text message with a pong. */
export interface MediaEndpoint {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): void;
}

export function createMediaEndpoint(context: RegionContext): MediaEndpoint {
  const wss = new WebSocketServer({ noServer: true });
  wss.on('connection', (ws: WebSocket, req: IncomingMessage) => answerMessages(context, ws, req.socket));
  return {
    handleUpgrade(req, socket, head) {
      // The http server stops watching a socket once it is handed over for upgrade.
      socket.on('error', () => undefined);
      const request = acceptRequest(context.state);
      socket.once('close', request.finish);
      const { plan } = request;
      if (plan.kind === 'drop') {
        socket.destroy();
        return;
      }
      if (plan.kind === 'hang') {
        holdConnection(context, socket);
        return;
      }
      context.timers.after(plan.delayMs, () => {
        if (socket.destroyed) return;
        request.finish();
        const path = new URL(req.url ?? '/', 'http://region.invalid').pathname;
        if (path !== MEDIA_PATH) return refuseUpgrade(socket, 404, renderNotFoundBody(path));
        if (plan.failed) return refuseUpgrade(socket, 503, renderErrorBody(context.state));
        wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
      });
    },
    close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}

function answerMessages(context: RegionContext, ws: WebSocket, socket: Duplex): void {
  const pending = new Set<AcceptedRequest>();
  ws.on('error', () => undefined);
  ws.once('close', () => {
    for (const request of pending) request.finish();
    pending.clear();
  });
  ws.on('message', (data, isBinary) => {
    if (isBinary) return;
    const request = acceptRequest(context.state);
    pending.add(request);
    const { plan } = request;
    if (plan.kind === 'drop') return ws.terminate();
    if (plan.kind === 'hang') return holdConnection(context, socket);
    context.timers.after(plan.delayMs, () => {
      pending.delete(request);
      request.finish();
      if (ws.readyState !== WebSocket.OPEN) return;
      ws.send(plan.failed ? renderMessageError(context.state) : renderPong(context.state, data.toString(), context.now()));
    });
  });
}

function refuseUpgrade(socket: Duplex, status: number, body: string): void {
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}
