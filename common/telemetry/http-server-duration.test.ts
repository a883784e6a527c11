import { request } from 'node:http';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { listen, type RunningServer } from '../http/listen';
import { normalizedMethod, recordServerDurations } from './http-server-duration';

const serializer = new PrometheusSerializer(undefined, false, undefined, false, true);

function send(url: string, method: string, path: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(`${url}${path}`, { method, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    // A response the server destroys ends the exchange without a status.
    req.on('error', () => resolve(0));
    req.on('close', () => resolve(0));
    req.end();
  });
}

describe('recordServerDurations', () => {
  let server: RunningServer;
  let prometheus: PrometheusExporter;
  let provider: MeterProvider;
  let stop: () => void;
  /** Resolved when the server has seen its destroyed response close (after the recorder's own listener). */
  let destroyedClosed: Promise<void>;
  let closedDestroyed: () => void;

  beforeEach(async () => {
    prometheus = new PrometheusExporter({ preventServerStart: true, withoutScopeInfo: true });
    provider = new MeterProvider({ readers: [prometheus] });
    stop = recordServerDurations(provider.getMeter('test'));
    destroyedClosed = new Promise((resolve) => (closedDestroyed = resolve));
    server = await listen((req, res) => {
      if (req.url === '/destroyed') {
        res.on('close', () => closedDestroyed());
        res.destroy();
        return;
      }
      res.statusCode = req.url === '/fails' ? 503 : req.method === 'POST' ? 404 : 200;
      res.end('answer');
    }, { host: '127.0.0.1', port: 0 });
  });

  afterEach(async () => {
    stop();
    await server.close();
    await provider.shutdown();
  });

  const exposition = async (): Promise<string> => serializer.serialize((await prometheus.collect()).resourceMetrics);
  const count = (text: string, labels: string): number => {
    const line = text.split('\n').find((l) => l.startsWith(`http_server_request_duration_count{${labels}}`));
    return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
  };

  it('counts each request under the attributes the HTTP instrumentation gives it: method, scheme, protocol, status, error type', async () => {
    await send(server.url, 'GET', '/');
    await send(server.url, 'GET', '/again');
    await send(server.url, 'POST', '/');
    await send(server.url, 'GET', '/fails');
    const text = await exposition();
    expect(count(text, 'http_request_method="GET",url_scheme="http",network_protocol_version="1.1",http_response_status_code="200"')).toBe(2);
    expect(count(text, 'http_request_method="POST",url_scheme="http",network_protocol_version="1.1",http_response_status_code="404"')).toBe(1);
    expect(count(text, 'http_request_method="GET",url_scheme="http",network_protocol_version="1.1",http_response_status_code="503",error_type="503"')).toBe(1);
    expect(text).toContain('# HELP http_server_request_duration Duration of HTTP server requests.');
    expect(text).toMatch(/http_server_request_duration_bucket\{[^}]*le="0\.005"\}/);
    expect(text).toMatch(/http_server_request_duration_bucket\{[^}]*le="10"\}/);
  });

  it('counts a response closed without being sent, once, when it closes', async () => {
    await send(server.url, 'GET', '/destroyed');
    await destroyedClosed;
    const text = await exposition();
    expect(count(text, 'http_request_method="GET",url_scheme="http",network_protocol_version="1.1",http_response_status_code="200"')).toBe(1);
  });

  it('counts nothing once stopped', async () => {
    stop();
    await send(server.url, 'GET', '/');
    expect(await exposition()).not.toContain('http_server_request_duration_count');
  });

  it('keeps the methods the conventions know and calls any other _OTHER', () => {
    expect(normalizedMethod('get')).toBe('GET');
    expect(normalizedMethod('PATCH')).toBe('PATCH');
    expect(normalizedMethod('PROPFIND')).toBe('_OTHER');
    expect(normalizedMethod(undefined)).toBe('GET');
  });
});
