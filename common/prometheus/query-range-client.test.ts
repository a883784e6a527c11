import { createServer, type Server, type Socket } from 'node:net';
import { freePort, startPrometheus, type PrometheusHandle } from '../testing/prometheus-server';
import { createPrometheusClient, PrometheusApiError, PrometheusUnreachableError } from './query-range-client';

const HOUR = 3_600_000;
const START = Date.UTC(2026, 10, 1);

describe('createPrometheusClient against a real Prometheus', () => {
  let prometheus: PrometheusHandle;
  beforeAll(async () => {
    prometheus = await startPrometheus();
  });
  afterAll(() => prometheus?.stop());

  it('returns each series with its labels and [seconds, text] points', async () => {
    const client = createPrometheusClient({ url: prometheus.url, timeoutMs: 5000 });
    const series = await client.queryRange({ query: 'label_replace(vector(2.5), "project", "acme", "", "")', startMs: START, endMs: START + 2 * HOUR, stepMs: HOUR });
    expect(series).toEqual([
      {
        labels: { project: 'acme' },
        values: [
          [START / 1000, '2.5'],
          [START / 1000 + 3600, '2.5'],
          [START / 1000 + 7200, '2.5'],
        ],
      },
    ]);
  });

  it("passes on Prometheus' own errorType and error", async () => {
    const client = createPrometheusClient({ url: prometheus.url, timeoutMs: 5000 });
    const failure = client.queryRange({ query: 'sum(', startMs: START, endMs: START + HOUR, stepMs: HOUR });
    await expect(failure).rejects.toThrow(PrometheusApiError);
    await expect(failure).rejects.toThrow(`Prometheus at ${prometheus.url} refused the query: bad_data: 1:5: parse error: unclosed left parenthesis`);
  });

  it('says when something other than the Prometheus API answers', async () => {
    const client = createPrometheusClient({ url: `${prometheus.url}/not-here`, timeoutMs: 5000 });
    await expect(client.queryRange({ query: 'up', startMs: START, endMs: START + HOUR, stepMs: HOUR })).rejects.toThrow(
      `${prometheus.url}/not-here answered HTTP 404 without a Prometheus API response (is --prometheus.url right?): 404 page not found`,
    );
  });
});

describe('createPrometheusClient without a Prometheus', () => {
  it('reports a refused connection with the low-level reason', async () => {
    const port = await freePort();
    const client = createPrometheusClient({ url: `http://127.0.0.1:${port}`, timeoutMs: 5000 });
    const failure = client.queryRange({ query: 'up', startMs: START, endMs: START + HOUR, stepMs: HOUR });
    await expect(failure).rejects.toThrow(PrometheusUnreachableError);
    await expect(failure).rejects.toThrow(`cannot reach Prometheus at http://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}`);
  });

  it('gives up on a server that never answers after the timeout', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const client = createPrometheusClient({ url: `http://127.0.0.1:${port}`, timeoutMs: 200 });
      await expect(client.queryRange({ query: 'up', startMs: START, endMs: START + HOUR, stepMs: HOUR })).rejects.toThrow(
        `cannot reach Prometheus at http://127.0.0.1:${port}: no answer within 0.2 s`,
      );
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
