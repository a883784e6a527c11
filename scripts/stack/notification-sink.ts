/**
 * The local stack's notification sink: Alertmanager's receivers post here (see
 * loopback-receivers.ts) instead of a pager, Slack or a mail server. Each notification is logged
 * as one JSON line (logs/notifications.log) saying which receiver got it, through which
 * integration, where it would have gone, and which alerts it carried; the latest ones are kept
 * for `GET /notifications`.
 */
import { appendFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';

/** How many notifications GET /notifications keeps (the log file keeps them all). */
export const KEPT_NOTIFICATIONS = 1000;
/** Alertmanager sends a few kB per group; anything far bigger is not a notification. */
const MAX_BODY_BYTES = 1024 * 1024;

export interface Notification {
  readonly received_at: string;
  readonly receiver: string;
  readonly via: string;
  readonly would_go_to: string;
  readonly status: string;
  readonly alerts: ReadonlyArray<{ readonly status: string; readonly labels: Readonly<Record<string, string>> }>;
}

export interface NotificationSink {
  readonly url: string;
  received(): readonly Notification[];
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of request) {
    text += String(chunk);
    if (text.length > MAX_BODY_BYTES) throw new Error('body too large');
  }
  return text;
}

function toNotification(path: string, body: string): Notification {
  const url = new URL(path, 'http://sink');
  const [, , receiver = '?', via = '?'] = url.pathname.split('/').map(decodeURIComponent);
  const payload = JSON.parse(body) as { status?: string; alerts?: Array<{ status?: string; labels?: Record<string, string> }> };
  return {
    received_at: new Date().toISOString(),
    receiver,
    via,
    would_go_to: url.searchParams.get('to') ?? '?',
    status: payload.status ?? '?',
    alerts: (payload.alerts ?? []).map((alert) => ({ status: alert.status ?? '?', labels: alert.labels ?? {} })),
  };
}

export async function startNotificationSink(options: { port: number; logFile: string }): Promise<NotificationSink> {
  const kept: Notification[] = [];
  const server = createServer((request, response) => {
    if (request.method === 'GET' && request.url === '/notifications') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ notifications: kept }));
      return;
    }
    if (request.method !== 'POST' || !request.url?.startsWith('/notify/')) {
      response.writeHead(404).end();
      return;
    }
    readBody(request)
      .then((body) => {
        const notification = toNotification(request.url!, body);
        appendFileSync(options.logFile, `${JSON.stringify(notification)}\n`);
        kept.push(notification);
        if (kept.length > KEPT_NOTIFICATIONS) kept.shift();
        response.writeHead(200).end();
      })
      .catch((error: unknown) => response.writeHead(400).end(`not an Alertmanager notification: ${(error as Error).message}\n`));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${options.port}`,
    received: () => kept,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
