import net from 'node:net';
import { httpProbe, type HttpProbeSpec } from './http';
import { requestHead } from './http-plain';
import { httpOptions, serve, type RunningServer } from './test-servers';
import type { HttpProbeOptions } from './types';

/** A raw TCP server answering every connection with `answer` (then closing, unless told to stay). */
async function rawServer(answer: (request: string, socket: net.Socket) => void): Promise<RunningServer> {
  return serve(
    net.createServer((socket) => {
      let request = '';
      socket.on('data', (chunk) => {
        request += chunk.toString('latin1');
        if (request.includes('\r\n\r\n')) answer(request, socket);
      });
    }),
  );
}

const spec = (port: number, overrides: Partial<HttpProbeOptions> = {}): HttpProbeSpec => ({
  kind: 'http',
  target: `http://127.0.0.1:${port}/health?deep=1`,
  intervalMs: 10_000,
  timeoutMs: 2_000,
  http: httpOptions(overrides),
});

describe('plain HTTP probes over a bare socket', () => {
  it('sends one request with Connection: close, the configured method and headers', () => {
    const head = requestHead(new URL('http://example.test:8080/health?deep=1'), { method: 'POST', headers: { 'X-Probe': 'pulse' } });
    expect(head).toBe('POST /health?deep=1 HTTP/1.1\r\nHost: example.test:8080\r\nX-Probe: pulse\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    expect(requestHead(new URL('http://example.test/'), { method: 'GET', headers: { host: 'other.test', connection: 'keep-alive' } })).toBe(
      'GET / HTTP/1.1\r\nhost: other.test\r\nconnection: keep-alive\r\n\r\n',
    );
  });

  it('refuses a header that would split the request, as a protocol error', async () => {
    const result = await httpProbe(spec(1, { headers: { 'X-Evil': 'a\r\nInjected: yes' } }));
    expect(result).toMatchObject({ success: false, reason: 'protocol_error' });
  });

  it('reads chunked answers and judges their body', async () => {
    const server = await rawServer((_request, socket) =>
      socket.end('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n7\r\n{"load"\r\n9\r\n:{"n":7}}\r\n0\r\n\r\n'),
    );
    try {
      const result = await httpProbe(spec(server.port, { loadField: 'load.n', failIfBodyNotMatches: [/load/] }));
      expect(result).toMatchObject({ success: true, statusCode: 200, load: 7 });
      expect(result.phases?.processing).toBeGreaterThanOrEqual(0);
    } finally {
      await server.close();
    }
  });

  it('does not wait for the server to close once a framed body is complete', async () => {
    // The server keeps the connection open; the probe must end on Content-Length, not on close.
    const server = await rawServer((_request, socket) => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'));
    try {
      expect(await httpProbe(spec(server.port))).toMatchObject({ success: true, statusCode: 200 });
    } finally {
      await server.close();
    }
  });

  it('fails a connection closed before the answer as node:http does (connect_error), and garbage as protocol_error', async () => {
    const hangUp = await rawServer((_request, socket) => socket.destroy());
    const cut = await rawServer((_request, socket) => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf'));
    const garbage = await rawServer((_request, socket) => socket.end('SSH-2.0-OpenSSH_9.2\r\n\r\n'));
    try {
      expect(await httpProbe(spec(hangUp.port))).toMatchObject({ success: false, reason: 'connect_error', statusCode: 0 });
      expect(await httpProbe(spec(cut.port))).toMatchObject({ success: false, reason: 'connect_error', statusCode: 200 });
      expect(await httpProbe(spec(garbage.port))).toMatchObject({ success: false, reason: 'protocol_error' });
    } finally {
      await Promise.all([hangUp.close(), cut.close(), garbage.close()]);
    }
  });

  it('asks the path and query of the target, with its host', async () => {
    let seen = '';
    const server = await rawServer((request, socket) => {
      seen = request;
      socket.end('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
    });
    try {
      await httpProbe(spec(server.port));
      expect(seen.split('\r\n')[0]).toBe('GET /health?deep=1 HTTP/1.1');
      expect(seen).toContain(`Host: 127.0.0.1:${server.port}\r\n`);
    } finally {
      await server.close();
    }
  });
});
