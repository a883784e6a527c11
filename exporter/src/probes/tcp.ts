import net from 'node:net';
import tls from 'node:tls';
import { runAttempt } from './attempt';
import { failureFromError } from './failure';
import { peerCertificateExpiry } from './tls-expiry';
import type { ProbeFn, ProbeSpec } from './types';

export type TcpProbeSpec = Extract<ProbeSpec, { kind: 'tcp' }>;

export interface HostPort {
  readonly host: string;
  readonly port: number;
}

/** Reads "host:port" or "[ipv6]:port"; undefined when the target is neither. */
export function parseHostPort(target: string): HostPort | undefined {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(target);
  if (!match) return undefined;
  const port = Number(match[3]);
  if (port < 1 || port > 65_535) return undefined;
  return { host: match[1] ?? match[2], port };
}

/**
 * Connects (and, with tls, completes the handshake), then closes: "does the port answer".
 * destroy() after connecting sends a normal FIN; a probe has nothing to say in a TLS close_notify.
 */
export const tcpProbe: ProbeFn<TcpProbeSpec> = (spec, signal) =>
  runAttempt(spec.timeoutMs, signal, (attempt) => {
    const address = parseHostPort(spec.target);
    if (!address) throw new Error(`target must be host:port or [ipv6]:port, got ${JSON.stringify(spec.target)}`);
    const { tls: useTls, tlsOptions } = spec.tcp;
    let tlsEarliestCertExpiry: number | undefined;

    const socket = useTls
      ? tls.connect({
          ...address,
          rejectUnauthorized: !tlsOptions.insecureSkipVerify,
          ca: tlsOptions.ca,
          // SNI as a browser would send it; an IP address is not a valid server name (RFC 6066).
          servername: tlsOptions.serverName ?? (net.isIP(address.host) ? undefined : address.host),
        })
      : net.connect(address);
    socket.on('error', (error) => attempt.settle(failureFromError(error)));
    socket.once(useTls ? 'secureConnect' : 'connect', () => {
      if (useTls) tlsEarliestCertExpiry = peerCertificateExpiry(socket);
      attempt.settle({ success: true });
    });

    return {
      release: () => socket.destroy(),
      facts: () => (tlsEarliestCertExpiry === undefined ? {} : { tlsEarliestCertExpiry }),
    };
  });
