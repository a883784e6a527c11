/**
 * A plain-HTTP probe's exchange over a bare TCP socket: one request with Connection: close on a
 * fresh connection, the response read by http1-response.ts straight from the socket's reads (no
 * readable stream). It measures the same marks as the node:http path (resolve, connect, first
 * byte, end) and ends in the same outcomes, for a fraction of the CPU: no agent, no ClientRequest
 * or IncomingMessage streams. https keeps node:https.
 */
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Attempt, Probing } from './attempt';
import { describeError, failure, failureFromError, type Outcome } from './failure';
import { judgeResponse } from './http-checks';
import { createResponseReader, type ResponseRead } from './http1-response';
import type { HttpProbeOptions } from './types';

/** When each step of the exchange ended, in performance.now() milliseconds; unset until it happens. */
export interface PhaseMarks {
  resolved?: number;
  connected?: number;
  secured?: number;
  firstByte?: number;
  ended?: number;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const BAD_VALUE = /[\r\n\0]/;

/** The request head, as node:http would send it for a request without a body on a fresh connection. */
export function requestHead(url: URL, options: Pick<HttpProbeOptions, 'method' | 'headers'>): string {
  const given = new Set(Object.keys(options.headers).map((name) => name.toLowerCase()));
  const lines = [`${options.method} ${url.pathname}${url.search} HTTP/1.1`];
  if (!given.has('host')) lines.push(`Host: ${url.host}`);
  for (const [name, value] of Object.entries(options.headers)) {
    if (!TOKEN.test(name)) throw new TypeError(`invalid header name ${JSON.stringify(name)}`);
    if (BAD_VALUE.test(value)) throw new TypeError(`invalid character in header ${name}`);
    lines.push(`${name}: ${value}`);
  }
  if (!given.has('connection')) lines.push('Connection: close');
  if (options.method === 'POST' && !given.has('content-length') && !given.has('transfer-encoding')) lines.push('Content-Length: 0');
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** What a region's probe sends and where, the same every time. */
interface Exchange {
  readonly url: URL;
  /** The request head, already encoded: writing a string costs an encoding per probe. */
  readonly head: Buffer;
  readonly host: string;
  readonly port: number;
}

/**
 * Kept per options object (the scheduler hands each probe its region's spec, and http.ts keeps
 * one URL per spec), so a probe does not rebuild, re-check and re-encode its head.
 */
const exchanges = new WeakMap<HttpProbeOptions, Exchange>();

function exchangeFor(url: URL, options: HttpProbeOptions): Exchange {
  const known = exchanges.get(options);
  if (known?.url === url) return known;
  // An IP literal needs no lookup; URL keeps IPv6 literals in brackets, sockets want them bare.
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const exchange = { url, head: Buffer.from(requestHead(url, options), 'latin1'), host, port: Number(url.port || 80) };
  exchanges.set(options, exchange);
  return exchange;
}

/**
 * Where every plain probe's socket reads land (net.connect's onread), copied out in the callback:
 * the thread runs one read callback at a time, so one buffer serves every socket, where a 'data'
 * event costs a buffer and a trip through the socket's readable stream per read. A health answer
 * takes one read; a longer one takes several.
 */
const READ_BUFFER = Buffer.allocUnsafe(16 * 1024);

/** The error node:http reports for a connection that ends early, so both paths fail alike. */
function hangUp(message: string): Error {
  return Object.assign(new Error(message), { code: 'ECONNRESET' });
}

export function startPlainExchange(
  url: URL,
  options: HttpProbeOptions,
  attempt: Attempt,
  marks: PhaseMarks,
  maxBodyBytes: number,
): Probing & { statusCode(): number } {
  const { head, host, port } = exchangeFor(url, options);
  const reader = createResponseReader({ head: options.method === 'HEAD', maxBodyBytes });
  const finish = (read: ResponseRead): void => {
    if (read.state === 'partial') return;
    if (read.state === 'invalid') {
      attempt.settle(read.message.startsWith('connection closed') ? failureFromError(hangUp(reader.statusCode === 0 ? 'socket hang up' : 'aborted')) : failure('protocol_error', read.message));
      return;
    }
    marks.ended = performance.now();
    let outcome: Outcome;
    try {
      outcome = judgeResponse(options, read.statusCode, read.body.toString('utf8'));
    } catch (error) {
      outcome = failure('protocol_error', `cannot check the response: ${describeError(error)}`);
    }
    attempt.settle(outcome);
  };

  const onread = (bytes: number): boolean => {
    marks.firstByte ??= performance.now();
    // The read buffer is shared: what the reader keeps must be its own copy.
    const chunk = Buffer.allocUnsafe(bytes);
    READ_BUFFER.copy(chunk, 0, 0, bytes);
    finish(reader.push(chunk));
    return true;
  };
  const socket = net.connect({ host, port, noDelay: true, onread: { buffer: READ_BUFFER, callback: onread } });
  // A literal address is not looked up, and 'lookup' never comes: no listener to keep for it.
  if (net.isIP(host) === 0) socket.once('lookup', () => (marks.resolved ??= performance.now()));
  socket.on('connect', () => {
    marks.connected ??= performance.now();
    // Written once connected: a write before it waits in the socket behind a listener of its own.
    socket.write(head);
  });
  socket.on('end', () => finish(reader.end()));
  socket.on('close', () => finish(reader.end()));
  socket.on('error', (error) => attempt.settle(failureFromError(error)));

  return {
    release: () => socket.destroy(),
    statusCode: () => reader.statusCode,
  };
}
