/**
 * The HTTP server skeleton every Pulse service uses: Prometheus-style listen addresses
 * (":9470", "127.0.0.1:9470", "[::1]:9470"), and a graceful close that lets requests in
 * flight finish, then drops idle keep-alive connections.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ListenAddress {
  readonly host?: string;
  readonly port: number;
}

export function parseListenAddress(text: string): ListenAddress {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(text);
  const port = match ? Number(match[3]) : NaN;
  if (!match || port > 65535) throw new Error(`--web.listen-address: must be [host]:port such as :9470 or 127.0.0.1:9470 (got "${text}")`);
  const host = match[1] ?? (match[2] === '' ? undefined : match[2]);
  return { host, port };
}

export interface RunningServer {
  readonly server: Server;
  /** host:port actually bound (port 0 resolves to the real one). */
  readonly address: AddressInfo;
  readonly url: string;
  close(): Promise<void>;
}

/**
 * What one client may hold: connections past maxConnections are closed as they arrive, and a
 * request whose headers and body have not all arrived within requestTimeoutMs (headers alone:
 * within 10 s, or the request timeout if shorter) is answered 408 and its connection closed.
 */
export interface ServerLimits {
  readonly maxConnections: number;
  readonly requestTimeoutMs: number;
}

export const DEFAULT_SERVER_LIMITS: ServerLimits = { maxConnections: 512, requestTimeoutMs: 30_000 };
const MAX_HEADERS_TIMEOUT_MS = 10_000;

export function listen(handler: RequestListener, address: ListenAddress, limits: ServerLimits = DEFAULT_SERVER_LIMITS): Promise<RunningServer> {
  const server = createServer(
    {
      keepAliveTimeout: 5000,
      requestTimeout: limits.requestTimeoutMs,
      headersTimeout: Math.min(MAX_HEADERS_TIMEOUT_MS, limits.requestTimeoutMs),
      // Node checks these timeouts on this period (30 s by default, longer than the timeouts themselves).
      connectionsCheckingInterval: Math.min(1000, Math.max(50, limits.requestTimeoutMs / 4)),
    },
    handler,
  );
  server.maxConnections = limits.maxConnections;
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const where = `${address.host ?? '*'}:${address.port}`;
      reject(new Error(error.code === 'EADDRINUSE' ? `listen ${where}: address already in use` : `listen ${where}: ${error.message}`, { cause: error }));
    });
    server.listen(address.port, address.host, () => {
      const bound = server.address() as AddressInfo;
      const host = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
      resolve({
        server,
        address: bound,
        url: `http://${host === '[::]' || host === '0.0.0.0' ? '127.0.0.1' : host}:${bound.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeIdleConnections();
            // Requests still running after a grace period are cut so shutdown never hangs.
            setTimeout(() => server.closeAllConnections(), 2000).unref();
          }),
      });
    });
  });
}
