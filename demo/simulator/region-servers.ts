import http from 'node:http';
import https from 'node:https';
import type { TestCertificate } from '../tls';
import { listen, stopListening } from './listen';
import { releaseHeldConnections, type RegionContext } from './region-context';
import { createRegionRequestHandler } from './region-http';
import { createMediaEndpoint } from './region-media';
import { trackSockets } from './socket-tracker';

/** A region's plain HTTP server and its HTTPS + WebSocket server, on ports that stay the same across `down`. */
export interface RegionServers {
  /** The bound ports; the configured ones (0 for free ones) until first started. */
  readonly httpPort: number;
  readonly tlsPort: number;
  /** Listens; after a stop, on the same ports as before. */
  start(): Promise<void>;
  /** Closes the listeners and cuts every open connection, so new connections are refused. */
  stop(): Promise<void>;
  /** New TLS handshakes present this certificate; open TLS connections are cut so clients see it at once. */
  presentCertificate(certificate: TestCertificate): void;
  close(): Promise<void>;
}

export interface RegionServersOptions {
  readonly host: string;
  readonly httpPort: number;
  readonly tlsPort: number;
  readonly context: RegionContext;
  readonly certificate: TestCertificate;
}

export function createRegionServers(options: RegionServersOptions): RegionServers {
  const { host, context } = options;
  const handleRequest = createRegionRequestHandler(context);
  const media = createMediaEndpoint(context);
  const plain = http.createServer(handleRequest);
  const secure = https.createServer({ key: options.certificate.key, cert: options.certificate.cert }, handleRequest);
  // Plain ws:// as well, for clients that test the media path without TLS.
  plain.on('upgrade', media.handleUpgrade);
  secure.on('upgrade', media.handleUpgrade);
  // A client that rejects the certificate (the `tls` fault) is expected; the socket is dropped either way.
  secure.on('tlsClientError', () => undefined);
  const plainSockets = trackSockets(plain);
  const secureSockets = trackSockets(secure);
  let httpPort = options.httpPort;
  let tlsPort = options.tlsPort;
  const label = `region ${context.state.code}`;

  const stop = async (): Promise<void> => {
    releaseHeldConnections(context);
    const closed = Promise.all([stopListening(plain), stopListening(secure)]);
    plainSockets.destroyAll();
    secureSockets.destroyAll();
    await closed;
  };

  return {
    get httpPort() {
      return httpPort;
    },
    get tlsPort() {
      return tlsPort;
    },
    async start() {
      if (!plain.listening) httpPort = await listen(plain, { host, port: httpPort, label: `${label} http` });
      if (!secure.listening) tlsPort = await listen(secure, { host, port: tlsPort, label: `${label} tls` });
    },
    stop,
    presentCertificate(certificate) {
      secure.setSecureContext({ key: certificate.key, cert: certificate.cert });
      secureSockets.destroyAll();
    },
    async close() {
      media.close();
      await stop();
    },
  };
}
