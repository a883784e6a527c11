/**
 * Test clients of the live streams: a `ws` WebSocket and an EventSource-style SSE reader (fetch
 * and the event-stream format), each collecting what arrives and awaiting the message a test wants.
 */
import WebSocket from 'ws';

export interface LiveMessage {
  readonly type: string;
  readonly id?: string;
  readonly at?: string;
  readonly project?: string;
  readonly data?: unknown;
  readonly reason?: string;
}

/** Messages as they come, and a way to wait for the first (not yet taken) that matches. */
class Inbox<T> {
  private readonly items: T[] = [];
  private waiters: Array<() => void> = [];
  push(item: T): void {
    this.items.push(item);
    for (const wake of this.waiters.splice(0)) wake();
  }
  all(): readonly T[] {
    return this.items;
  }
  /** Forgets what has arrived so far. */
  clear(): void {
    this.items.length = 0;
  }
  async next(what: string, matches: (item: T) => boolean, timeoutMs = 15_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.items.findIndex(matches);
      if (index !== -1) return this.items.splice(index, 1)[0];
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; got ${JSON.stringify(this.items).slice(0, 500)}`);
      await new Promise<void>((wake) => {
        const timer = setTimeout(wake, left);
        this.waiters.push(() => (clearTimeout(timer), wake()));
      });
    }
  }
}

export interface WsClient {
  readonly ws: WebSocket;
  readonly inbox: Inbox<LiveMessage>;
  send(message: unknown): void;
  closed: Promise<{ code: number; reason: string }>;
}

export type WsOpen = { ok: true; client: WsClient } | { ok: false; status: number; error: string };

export function streamUrl(baseUrl: string, project?: string): string {
  return `${baseUrl.replace(/^http/, 'ws')}/api/v1/analytics/stream${project === undefined ? '' : `?project=${encodeURIComponent(project)}`}`;
}

/** Opens a WebSocket; a refused handshake resolves with its HTTP status and the body's `error`. */
export function openWs(url: string, options: { key?: string; protocols?: string[]; autoPong?: boolean } = {}): Promise<WsOpen> {
  const ws = new WebSocket(url, options.protocols ?? [], {
    headers: options.key === undefined ? {} : { authorization: `Bearer ${options.key}` },
    autoPong: options.autoPong ?? true,
  });
  const inbox = new Inbox<LiveMessage>();
  ws.on('message', (data) => inbox.push(JSON.parse(data.toString()) as LiveMessage));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ok: true, client: { ws, inbox, closed, send: (message) => ws.send(JSON.stringify(message)) } }));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk));
      res.on('end', () => resolve({ ok: false, status: res.statusCode ?? 0, error: (JSON.parse(body) as { error: string }).error }));
    });
    ws.once('error', (error) => reject(error));
  });
}

export async function connectWs(url: string, options: Parameters<typeof openWs>[1] = {}): Promise<WsClient> {
  const opened = await openWs(url, options);
  if (!opened.ok) throw new Error(`WebSocket refused: ${opened.status} ${opened.error}`);
  return opened.client;
}

export interface SseEvent {
  readonly event: string;
  readonly id?: string;
  readonly data: string;
}

export interface SseClient {
  readonly status: number;
  readonly response: Response;
  readonly inbox: Inbox<SseEvent>;
  close(): void;
}

/** Reads a text/event-stream the way EventSource does (event, id, data lines; a blank line ends an event). */
export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  const abort = new AbortController();
  const response = await fetch(url, { headers, signal: abort.signal });
  const inbox = new Inbox<SseEvent>();
  if (response.ok && response.body) {
    void (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      let current: { event: string; id?: string; data: string[] } = { event: 'message', data: [] };
      try {
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let newline;
          while ((newline = buffer.indexOf('\n')) !== -1) {
            const line = buffer.slice(0, newline);
            buffer = buffer.slice(newline + 1);
            if (line === '') {
              if (current.data.length > 0) inbox.push({ event: current.event, id: current.id, data: current.data.join('\n') });
              current = { event: 'message', data: [] };
            } else if (line.startsWith('event: ')) current.event = line.slice(7);
            else if (line.startsWith('id: ')) current.id = line.slice(4);
            else if (line.startsWith('data: ')) current.data.push(line.slice(6));
          }
        }
      } catch {
        // aborted by close()
      }
    })();
  }
  return { status: response.status, response, inbox, close: () => abort.abort() };
}
