import https from 'node:https';
import { WebSocketServer } from 'ws';
import { createLoopbackCertificate, type TestCertificate } from '../../../demo/tls';
import { expectTimedOutAt, freePort, serve, VERIFY, type RunningServer } from './test-servers';
import type { TlsOptions } from './types';
import { websocketProbe, type WebSocketProbeSpec } from './websocket';

const spec = (target: string, tls: TlsOptions, send?: string, timeoutMs = 2000): WebSocketProbeSpec => ({
  kind: 'websocket',
  target,
  intervalMs: 15_000,
  timeoutMs,
  websocket: { tls, send },
});

/**
 * One wss server on https: /echo replies to every message, /mute never replies, /bye closes right
 * after the upgrade, /forbidden refuses the upgrade with 403. Close codes the server sees are kept.
 */
async function startServer(cert: TestCertificate, closeCodes: number[]): Promise<RunningServer> {
  const server = https.createServer({ key: cert.key, cert: cert.cert });
  const wss = new WebSocketServer({
    server,
    verifyClient: ({ req }, done) => (req.url === '/forbidden' ? done(false, 403) : done(true)),
  });
  wss.on('connection', (socket, req) => {
    if (req.url === '/echo') socket.on('message', (data) => socket.send(data));
    if (req.url === '/bye') socket.close(1001);
    socket.on('close', (code) => closeCodes.push(code));
  });
  const running = await serve(server);
  return {
    port: running.port,
    close: async () => {
      wss.close();
      await running.close();
    },
  };
}

describe('websocketProbe', () => {
  const closeCodes: number[] = [];
  let cert: TestCertificate;
  let server: RunningServer;
  let trusted: TlsOptions;
  let base: string;

  beforeAll(async () => {
    cert = await createLoopbackCertificate();
    server = await startServer(cert, closeCodes);
    trusted = { insecureSkipVerify: false, ca: cert.cert };
    base = `wss://127.0.0.1:${server.port}`;
  });
  afterAll(() => server.close());

  it('succeeds when the upgrade completes, with status 101 and the certificate expiry', async () => {
    const result = await websocketProbe(spec(`${base}/`, trusted));
    expect(result).toMatchObject({ success: true, statusCode: 101 });
    expect(result.durationSeconds).toBeGreaterThan(0);
    expect(Math.abs(result.tlsEarliestCertExpiry! - cert.notAfter.getTime() / 1000)).toBeLessThan(2);
  });

  it('succeeds when a sent message gets a reply', async () => {
    expect(await websocketProbe(spec(`${base}/echo`, trusted, 'ping'))).toMatchObject({ success: true });
  });

  it('closes with a normal close handshake before it resolves', async () => {
    closeCodes.length = 0;
    await websocketProbe(spec(`${base}/echo`, trusted, 'ping'));
    expect(closeCodes).toEqual([1000]);
  });

  it('times out when a sent message gets no reply', async () => {
    const result = await websocketProbe(spec(`${base}/mute`, trusted, 'ping', 250));
    expect(result).toMatchObject({ success: false, reason: 'timeout', statusCode: 101 });
    expectTimedOutAt(result.durationSeconds, 250);
  });

  it('fails with protocol_error when the server closes before replying', async () => {
    const result = await websocketProbe(spec(`${base}/bye`, trusted, 'ping'));
    expect(result).toMatchObject({ success: false, reason: 'protocol_error', message: expect.stringMatching(/1001/) });
  });

  it('fails with http_status and the code when the upgrade is refused', async () => {
    const result = await websocketProbe(spec(`${base}/forbidden`, trusted));
    expect(result).toMatchObject({ success: false, reason: 'http_status', statusCode: 403 });
    expect(result.tlsEarliestCertExpiry).toBeDefined();
  });

  it('fails with tls_error on a self-signed certificate without its CA', async () => {
    expect(await websocketProbe(spec(`${base}/`, VERIFY))).toMatchObject({ success: false, reason: 'tls_error' });
  });

  it('succeeds past an untrusted certificate with insecureSkipVerify, still recording the expiry', async () => {
    const result = await websocketProbe(spec(`${base}/`, { insecureSkipVerify: true }));
    expect(result.success).toBe(true);
    expect(result.tlsEarliestCertExpiry).toBeDefined();
  });

  it('fails with connect_error on a refused port', async () => {
    const result = await websocketProbe(spec(`ws://127.0.0.1:${await freePort()}/`, VERIFY));
    expect(result).toMatchObject({ success: false, reason: 'connect_error', statusCode: 0 });
  });

  it('fails with protocol_error for a target that is not a URL', async () => {
    expect(await websocketProbe(spec('not a url', VERIFY))).toMatchObject({ success: false, reason: 'protocol_error' });
  });
});
