import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { HttpPhase } from '../../../common/metrics/catalogue';
import { runAttempt } from './attempt';
import { describeError, failure, failureFromError, type Outcome } from './failure';
import { judgeResponse } from './http-checks';
import { startPlainExchange, type PhaseMarks } from './http-plain';
import { peerCertificateExpiry } from './tls-expiry';
import type { ProbeFn, ProbeSpec } from './types';

export type HttpProbeSpec = Extract<ProbeSpec, { kind: 'http' }>;

/** A health endpoint answers in bytes; a megabyte means a wrong URL, and reading on would cost memory. */
export const MAX_BODY_BYTES = 1024 * 1024;

export type { PhaseMarks } from './http-plain';

const seconds = (from: number | undefined, to: number | undefined): number =>
  from === undefined || to === undefined ? 0 : Math.max(0, (to - from) / 1000);

/**
 * Phases as blackbox_exporter cuts them. Each phase starts where the previous one ended, so they
 * add up to the time of the last mark; a phase that did not happen (no DNS for an IP literal, no
 * TLS for http) or has not ended yet (a timeout) is 0.
 */
export function phasesFrom(startedAt: number, marks: PhaseMarks): Record<HttpPhase, number> {
  const connectFrom = marks.resolved ?? startedAt;
  const ready = marks.secured ?? marks.connected;
  return {
    resolve: seconds(startedAt, marks.resolved),
    connect: seconds(connectFrom, marks.connected),
    tls: seconds(marks.connected, marks.secured),
    processing: seconds(ready, marks.firstByte),
    transfer: seconds(marks.firstByte, marks.ended),
  };
}

/** A region's target, parsed once per spec (the scheduler hands each probe its region's spec). Not mutated. */
const targets = new WeakMap<HttpProbeSpec, URL>();

function targetOf(spec: HttpProbeSpec): URL {
  let url = targets.get(spec);
  if (!url) {
    url = new URL(spec.target);
    targets.set(spec, url);
  }
  return url;
}

function transportFor(url: URL): typeof http | typeof https {
  if (url.protocol === 'http:') return http;
  if (url.protocol === 'https:') return https;
  throw new Error(`unsupported scheme ${url.protocol} in ${url.href}`);
}

/** Marks the socket's steps as they happen; the 'lookup' event never fires for an IP literal. */
function watchSocket(socket: Socket, marks: PhaseMarks, onSecure: (socket: Socket) => void): void {
  socket.once('lookup', () => (marks.resolved ??= performance.now()));
  socket.once('connect', () => (marks.connected ??= performance.now()));
  socket.once('secureConnect', () => {
    marks.secured ??= performance.now();
    onSecure(socket);
  });
}

/**
 * One HTTP(S) request on a fresh connection (no keep-alive or TLS session reuse hides connect and
 * handshake time), timed by phase and judged by status, body and load. Plain http goes over a bare
 * socket (http-plain.ts); https through node:https with agent: false. Redirects are not followed,
 * as a region endpoint that redirects is misconfigured; list a 3xx code in validStatusCodes to
 * accept one.
 */
export const httpProbe: ProbeFn<HttpProbeSpec> = (spec, signal) =>
  runAttempt(spec.timeoutMs, signal, (attempt) => {
    const options = spec.http;
    const url = targetOf(spec);
    const marks: PhaseMarks = {};
    if (url.protocol === 'http:') {
      const plain = startPlainExchange(url, options, attempt, marks, MAX_BODY_BYTES);
      return { release: plain.release, facts: () => ({ statusCode: plain.statusCode(), phases: phasesFrom(attempt.startedAt, marks) }) };
    }
    let statusCode = 0;
    let tlsEarliestCertExpiry: number | undefined;

    const req = transportFor(url).request(url, {
      method: options.method,
      headers: options.headers,
      agent: false,
      rejectUnauthorized: !options.tls.insecureSkipVerify,
      ca: options.tls.ca,
      servername: options.tls.serverName,
    });
    // Runs inside an event handler, where a throw (a malformed spec) would escape the promise.
    const judge = (body: string): Outcome => {
      try {
        return judgeResponse(options, statusCode, body);
      } catch (error) {
        return failure('protocol_error', `cannot check the response: ${describeError(error)}`);
      }
    };
    req.on('socket', (socket) =>
      watchSocket(socket, marks, (secure) => (tlsEarliestCertExpiry = peerCertificateExpiry(secure))),
    );
    req.on('error', (error) => attempt.settle(failureFromError(error)));
    req.on('response', (res) => {
      marks.firstByte = performance.now();
      statusCode = res.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) attempt.settle(failure('protocol_error', `body larger than ${MAX_BODY_BYTES} bytes`));
        else chunks.push(chunk);
      });
      res.on('error', (error) => attempt.settle(failureFromError(error)));
      res.on('end', () => {
        marks.ended = performance.now();
        attempt.settle(judge(Buffer.concat(chunks).toString('utf8')));
      });
    });
    req.end();

    return {
      release: () => req.destroy(),
      facts: () => ({
        statusCode,
        phases: phasesFrom(attempt.startedAt, marks),
        ...(tlsEarliestCertExpiry !== undefined && { tlsEarliestCertExpiry }),
      }),
    };
  });
