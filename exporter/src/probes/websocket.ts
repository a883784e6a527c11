import type { ConnectionOptions } from 'node:tls';
import WebSocket from 'ws';
import { runAttempt } from './attempt';
import { errorMessage, failure, failureFromError, type Outcome } from './failure';
import { peerCertificateExpiry } from './tls-expiry';
import type { ProbeFn, ProbeSpec } from './types';

export type WebSocketProbeSpec = Extract<ProbeSpec, { kind: 'websocket' }>;

/** ws reports its own handshake timer as a plain Error; it is our deadline by another name. */
function failureFromWsError(error: unknown): Outcome {
  const message = errorMessage(error) ?? '';
  if (/handshake has timed out/i.test(message)) return failure('timeout', message);
  return failureFromError(error);
}

/**
 * Opens a WebSocket (fresh connection: ws uses no agent unless given one), optionally sends a
 * message and waits for any reply, then closes with 1000. The duration stops when the check
 * passes; the close handshake is tidying up, so a server slow to answer it does not fail the
 * probe, and the promise still waits for it (or the deadline) so no socket outlives the probe.
 */
export const websocketProbe: ProbeFn<WebSocketProbeSpec> = (spec, signal) =>
  runAttempt(spec.timeoutMs, signal, (attempt) => {
    const { tls, send } = spec.websocket;
    let statusCode = 0;
    let tlsEarliestCertExpiry: number | undefined;
    let passed: Outcome | undefined;

    // ws hands servername to tls.connect, and closeTimeout is newer than @types/ws; hence the type.
    const options: WebSocket.ClientOptions & Pick<ConnectionOptions, 'servername'> & { closeTimeout: number } = {
      handshakeTimeout: spec.timeoutMs,
      // ws waits 30 s for the server's close frame by default; never wait past the probe.
      closeTimeout: spec.timeoutMs,
      rejectUnauthorized: !tls.insecureSkipVerify,
      ca: tls.ca,
      servername: tls.serverName,
    };
    const ws = new WebSocket(spec.target, options);
    const pass = (): void => {
      passed ??= { success: true, durationSeconds: attempt.elapsedSeconds() };
      ws.close(1000);
    };

    ws.on('upgrade', (res) => {
      statusCode = res.statusCode ?? 0;
      tlsEarliestCertExpiry = peerCertificateExpiry(res.socket);
    });
    ws.on('unexpected-response', (_req, res) => {
      statusCode = res.statusCode ?? 0;
      tlsEarliestCertExpiry = peerCertificateExpiry(res.socket);
      attempt.settle(failure('http_status', `upgrade answered with status ${statusCode}`));
    });
    ws.on('open', () => (send === undefined ? pass() : ws.send(send)));
    ws.on('message', pass);
    ws.on('error', (error) => attempt.settle(passed ?? failureFromWsError(error)));
    ws.on('close', (code) => {
      const awaited = send === undefined ? 'the upgrade completed' : 'a reply arrived';
      attempt.settle(passed ?? failure('protocol_error', `connection closed (code ${code}) before ${awaited}`));
    });

    return {
      // With a listener on 'unexpected-response', ws leaves aborting the handshake to us.
      release: () => ws.terminate(),
      facts: () => ({ statusCode, ...(tlsEarliestCertExpiry !== undefined && { tlsEarliestCertExpiry }) }),
      atDeadline: () => passed,
    };
  });
