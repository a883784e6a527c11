import net from 'node:net';
import tls from 'node:tls';
import { createLoopbackCertificate, type TestCertificate } from '../../../demo/tls';
import { parseHostPort, tcpProbe, type TcpProbeSpec } from './tcp';
import { expectTimedOutAt, freePort, serve, VERIFY, withWallSeconds, type RunningServer } from './test-servers';
import type { TlsOptions } from './types';

const spec = (target: string, useTls = false, tlsOptions: TlsOptions = VERIFY, timeoutMs = 2000): TcpProbeSpec => ({
  kind: 'tcp',
  target,
  intervalMs: 15_000,
  timeoutMs,
  tcp: { tls: useTls, tlsOptions },
});

describe('tcpProbe', () => {
  let cert: TestCertificate;
  let plain: RunningServer;
  let plainV6: RunningServer;
  let secure: RunningServer;

  beforeAll(async () => {
    cert = await createLoopbackCertificate();
    plain = await serve(net.createServer(() => undefined));
    plainV6 = await serve(net.createServer(() => undefined), '::1');
    secure = await serve(tls.createServer({ key: cert.key, cert: cert.cert }, () => undefined));
  });
  afterAll(() => Promise.all([plain, plainV6, secure].map((server) => server.close())));

  it('succeeds when the port accepts a connection', async () => {
    const { result, wallSeconds } = await withWallSeconds(() => tcpProbe(spec(`127.0.0.1:${plain.port}`)));
    expect(result.success).toBe(true);
    // The connection's own time, not the 2 s timeout: a success settles before the deadline, and
    // its duration is measured inside the call.
    expect(result.durationSeconds).toBeGreaterThan(0);
    expect(result.durationSeconds).toBeLessThanOrEqual(wallSeconds);
  });

  it('connects to an IPv6 literal written in brackets', async () => {
    expect(await tcpProbe(spec(`[::1]:${plainV6.port}`))).toMatchObject({ success: true });
  });

  it('fails with connect_error on a refused port', async () => {
    expect(await tcpProbe(spec(`127.0.0.1:${await freePort()}`))).toMatchObject({ success: false, reason: 'connect_error' });
  });

  it('fails with dns_error for a name that cannot resolve', async () => {
    expect(await tcpProbe(spec('nonexistent.invalid:443'))).toMatchObject({ success: false, reason: 'dns_error' });
  });

  it('completes a TLS handshake with the CA given and records the certificate expiry', async () => {
    const result = await tcpProbe(spec(`127.0.0.1:${secure.port}`, true, { insecureSkipVerify: false, ca: cert.cert }));
    expect(result.success).toBe(true);
    expect(Math.abs(result.tlsEarliestCertExpiry! - cert.notAfter.getTime() / 1000)).toBeLessThan(2);
  });

  it('fails with tls_error on a self-signed certificate without its CA', async () => {
    expect(await tcpProbe(spec(`127.0.0.1:${secure.port}`, true))).toMatchObject({ success: false, reason: 'tls_error' });
  });

  it('sends the host name as SNI and checks the certificate against it', async () => {
    const result = await tcpProbe(spec(`localhost:${secure.port}`, true, { insecureSkipVerify: false, ca: cert.cert }));
    expect(result.success).toBe(true);
  });

  it('times out at the deadline when the server never starts the TLS handshake', async () => {
    const result = await tcpProbe(spec(`127.0.0.1:${plain.port}`, true, VERIFY, 250));
    expect(result).toMatchObject({ success: false, reason: 'timeout' });
    expectTimedOutAt(result.durationSeconds, 250);
  });

  it('fails with protocol_error for a target that is not host:port', async () => {
    const result = await tcpProbe(spec('127.0.0.1'));
    expect(result).toMatchObject({ success: false, reason: 'protocol_error', message: expect.stringMatching(/host:port/) });
  });
});

describe('parseHostPort', () => {
  it.each([
    ['127.0.0.1:80', { host: '127.0.0.1', port: 80 }],
    ['media.example.com:443', { host: 'media.example.com', port: 443 }],
    ['[::1]:7880', { host: '::1', port: 7880 }],
    ['[2001:db8::1]:65535', { host: '2001:db8::1', port: 65535 }],
  ])('reads %s', (target, expected) => {
    expect(parseHostPort(target)).toEqual(expected);
  });

  it.each(['127.0.0.1', '::1:80', 'host:0', 'host:65536', 'host:http', ':80', '[::1]', 'a b:80x'])('rejects %j', (target) => {
    expect(parseHostPort(target)).toBeUndefined();
  });
});
