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
