import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

/**
 * A tiny client for the simulator's own tests: one fresh connection per request (no agent, so
 * nothing lingers after a test) and failures returned as data instead of thrown.
 */
export type FetchOutcome =
  | {
      readonly answered: true;
      readonly status: number;
      readonly body: string;
      /** From the request being written on a ready connection (after any TLS handshake) to the response headers. */
      readonly processingMs: number;
    }
  | { readonly answered: false; readonly code: string; readonly message: string };

export interface FetchOptions {
  /** PEM to trust for https URLs. */
  readonly ca?: string;
  readonly timeoutMs?: number;
  readonly method?: string;
  /** Sent as application/json. */
  readonly body?: string;
}

export function fetchOnce(url: string, options: FetchOptions = {}): Promise<FetchOutcome> {
  return new Promise((resolve) => {
    const secure = url.startsWith('https:');
    let sentAt = performance.now();
    const client = secure ? https : http;
    const headers = options.body === undefined ? {} : { 'content-type': 'application/json' };
    const request = client.request(url, { method: options.method ?? 'GET', agent: false, ca: options.ca, headers }, (response) => {
      const processingMs = performance.now() - sentAt;
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        resolve({ answered: true, status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString(), processingMs });
      });
      response.on('error', (error: NodeJS.ErrnoException) => resolve(failure(error)));
    });
    request.once('socket', (socket) => {
      socket.once(secure ? 'secureConnect' : 'connect', () => {
        sentAt = performance.now();
      });
    });
    request.setTimeout(options.timeoutMs ?? 5000, () => {
      request.destroy(Object.assign(new Error('timed out'), { code: 'TIMEOUT' }));
    });
    request.on('error', (error: NodeJS.ErrnoException) => resolve(failure(error)));
    request.end(options.body);
  });
}

function failure(error: NodeJS.ErrnoException): FetchOutcome {
  return { answered: false, code: error.code ?? 'ERROR', message: error.message };
}

/** Whether a TCP connection to the port opens; the error code when it does not. */
export function connectTcp(host: string, port: number): Promise<'connected' | string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'ERROR'));
  });
}

/** POSTs JSON (or raw text, to send a malformed body) to the control API. */
export function postJson(url: string, body: unknown): Promise<FetchOutcome> {
  return fetchOnce(url, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) });
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
