/**
 * The one usage query, run by a real Prometheus on backfilled samples: two replicas (different
 * pods) count once, and storage reads its peak level in the step — not 0 for a steady level
 * (delta) nor whatever the last report happened to be (last_over_time).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPrometheusClient } from '../prometheus/query-range-client';
import { backfillOpenMetrics, startPrometheus, toOpenMetrics, type BackfillSeries, type PrometheusHandle } from '../testing/prometheus-server';
import { usagePerProjectQuery } from './usage-promql';

const HOUR_S = 3600;
const END_S = Math.floor(Date.now() / 1000 / HOUR_S) * HOUR_S - 2 * HOUR_S;
const START_S = END_S - 24 * HOUR_S;
const TB = 1e12;

/** One sample a minute from two replicas (pods) of the exporter, which expose the same values. */
function replicated(name: string, type: BackfillSeries['type'], valueAt: (t: number) => number): BackfillSeries[] {
  const samples: Array<[number, number]> = [];
  for (let t = START_S; t <= END_S; t += 60) samples.push([t, valueAt(t)]);
  return ['pulse-exporter-0', 'pulse-exporter-1'].map((pod) => ({ name, type, labels: { project: 'acme', region: 'eu-west', pod, instance: `${pod}:9470`, job: 'pulse-exporter' }, samples }));
}

let prometheus: PrometheusHandle;

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pulse-usage-promql-'));
  await backfillOpenMetrics(
    toOpenMetrics([
      // 10 API requests a minute.
      ...replicated('pulse_usage_api_requests_total', 'counter', (t) => ((t - START_S) / 60) * 10),
      // 1 TB all day, 1.5 TB for the hour that ends 6 hours before the end, back to 1 TB after.
      ...replicated('pulse_usage_storage_bytes', 'gauge', (t) => (t > END_S - 7 * HOUR_S && t <= END_S - 6 * HOUR_S ? 1.5 * TB : TB)),
    ]),
    dataDir,
  );
  prometheus = await startPrometheus({ dataDir });
}, 180_000);

afterAll(async () => {
  await prometheus?.stop();
});

async function valueAtEnd(query: string): Promise<number> {
  const client = createPrometheusClient({ url: prometheus.url, timeoutMs: 30_000 });
  const series = await client.queryRange({ query, startMs: END_S * 1000, endMs: END_S * 1000, stepMs: 60_000 });
  expect(series.map((s) => s.labels)).toEqual([{ project: 'acme', region: 'eu-west' }]);
  return Number(series[0].values[0][1]);
}

describe('usagePerProjectQuery on a real Prometheus', () => {
  it('counts a counter once across replicas, pods included', async () => {
    const perHour = await valueAtEnd(usagePerProjectQuery('api_requests', '1h'));
    expect(perHour).toBeCloseTo(600, -1);
  });

  it("reads storage as the step's peak level, once across replicas", async () => {
    expect(await valueAtEnd(usagePerProjectQuery('storage_bytes', '1d'))).toBe(1.5 * TB);
    expect(await valueAtEnd(usagePerProjectQuery('storage_bytes', '1h'))).toBe(TB);
  });

  it('puts matchers inside the selector', () => {
    expect(usagePerProjectQuery('storage_bytes', '1d', 'project="acme"')).toBe('sum by (project, region) (max without (instance, pod, job) (max_over_time(pulse_usage_storage_bytes{project="acme"}[1d])))');
  });
});
