/**
 * Real servers on loopback for the probe tests (not a test itself: jest runs *.test.ts only).
 * Every server tracks its connections so close() can end them; a probe test that leaves a socket
 * open would otherwise hold jest past its last test.
 */
import type { AddressInfo, Server, Socket } from 'node:net';
import type { HttpProbeOptions, TlsOptions } from './types';

export interface RunningServer {
  readonly port: number;
  close(): Promise<void>;
}

export async function serve(server: Server, host = '127.0.0.1'): Promise<RunningServer> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const close = (): Promise<void> =>
    new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return { port, close };
}

export { freePort } from '../../../common/testing/free-port';

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export const VERIFY: TlsOptions = { insecureSkipVerify: false };

export function httpOptions(overrides: Partial<HttpProbeOptions> = {}): HttpProbeOptions {
  return { method: 'GET', headers: {}, validStatusCodes: [], failIfBodyNotMatches: [], tls: VERIFY, ...overrides };
}

/**
 * How late a timer may fire on a loaded 2-core CI machine (seen up to hundreds of ms at load 9)
 * and still pass; well under the 2 s the probe tests' specs default to, so a probe that waited for
 * anything but its own deadline still fails.
 */
export const LATE_TIMER_ALLOWANCE_SECONDS = 1.5;

/**
 * A timed-out probe's duration: never before its deadline (1 ms for the timer's rounding), and at
 * most a late timer after it. Speed belongs to the bench, not here.
 */
export function expectTimedOutAt(durationSeconds: number, timeoutMs: number): void {
  expect(durationSeconds).toBeGreaterThanOrEqual((timeoutMs - 1) / 1000);
  expect(durationSeconds).toBeLessThan(timeoutMs / 1000 + LATE_TIMER_ALLOWANCE_SECONDS);
}

/** Runs a probe and returns its result with the wall time around it, which its duration may not exceed. */
export async function withWallSeconds<T>(run: () => Promise<T>): Promise<{ result: T; wallSeconds: number }> {
  const started = performance.now();
  const result = await run();
  return { result, wallSeconds: (performance.now() - started) / 1000 };
}
