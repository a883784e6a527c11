import { TLSSocket } from 'node:tls';

/** The parts of a certificate the expiry walk reads; Node's DetailedPeerCertificate fits. */
export interface CertificateLink {
  readonly valid_to: string;
  readonly fingerprint256?: string;
  readonly issuerCertificate?: CertificateLink;
}

/**
 * Earliest expiry (Unix seconds) along a certificate chain, the way blackbox_exporter's
 * probe_ssl_earliest_cert_expiry reads it: an intermediate that expires first breaks clients just
 * as surely as the leaf. Node links a self-signed certificate to itself, hence the seen set.
 */
export function earliestExpiry(leaf: CertificateLink | undefined): number | undefined {
  let earliest: number | undefined;
  const seen = new Set<unknown>();
  for (let cert = leaf; cert?.valid_to !== undefined; cert = cert.issuerCertificate) {
    const identity = cert.fingerprint256 ?? cert;
    if (seen.has(identity)) break;
    seen.add(identity);
    const expiresMs = Date.parse(cert.valid_to);
    if (Number.isFinite(expiresMs)) earliest = Math.min(earliest ?? Infinity, Math.floor(expiresMs / 1000));
  }
  return earliest;
}

/**
 * Expiry of the chain a TLS socket's peer presented; undefined for plain sockets or before the
 * handshake. Works whether or not the chain was verified, so insecureSkipVerify still reports it.
 */
export function peerCertificateExpiry(socket: unknown): number | undefined {
  if (!(socket instanceof TLSSocket)) return undefined;
  // Node returns an empty object when there is no certificate; the walk then finds nothing.
  return earliestExpiry(socket.getPeerCertificate(true));
}
