/**
 * The analytics API's forecast and export endpoints end to end: real exporter processes sharing a
 * real redis-server, a real Prometheus backfilled with promtool, a real pulse-forecaster service
 * (in this process, worker threads and all, as its own tests run it) and `bin/pulse export`.
 */
import Redis from 'ioredis';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { listen, type RunningServer } from '../../common/http/listen';
import { silentLogger } from '../../common/log';
import { backfillOpenMetrics, startPrometheus, toOpenMetrics, type BackfillSeries, type PrometheusHandle } from '../../common/testing/prometheus-server';
import { startRedisServer, type RedisServerHandle } from '../../common/testing/redis-server';
import { createSimulator, type Simulator } from '../../demo/simulator/simulator';
import { parseForecasterConfig } from '../../forecaster/src/service/config';
import { createWorkerPool, type ForecastPool } from '../../forecaster/src/service/forecast-pool';
import { createForecasterState, type ForecasterState } from '../../forecaster/src/service/forecaster-state';
import { createForecasterApp } from '../../forecaster/src/service/http-app';
import { exportSizeBound } from './analytics/export-request';
import { customMetricHistory } from '../../export/src/testing/custom-history';
import { USAGE_METRICS, usageMetric } from '../../export/src/usage-metrics';
import type { CustomMetric } from './custom-metrics/types';
import { createRedisStore } from './store/redis-store';
import { eventually, startExporter, tempDir, writeSimulatorConfig, type ExporterProcess } from './testing/exporter-process';

const KEYS = { ACME_KEY: 'acme-secret', GLOBEX_KEY: 'globex-secret' };
const ACME = { authorization: `Bearer ${KEYS.ACME_KEY}` };
const GLOBEX = { authorization: `Bearer ${KEYS.GLOBEX_KEY}` };
const REGIONS = ['one', 'two'];
const PULSE = join(__dirname, '../../bin/pulse');

const HOUR_S = 3600;
const EXPORT_START_S = Date.UTC(2026, 9, 1) / 1000; // 2026-10-01T00:00:00Z, three days of hourly usage
// The forecast history ends at the last whole hour but one, as in the forecaster's own tests.
const NOW_S = Math.floor(Date.now() / 1000 / HOUR_S) * HOUR_S - HOUR_S;

/** Hourly readings of every usage series of acme and globex in both regions, as two replicas expose them. */
function exportHistory(): BackfillSeries[] {
  return USAGE_METRICS.flatMap((metric, m) =>
    ['acme', 'globex'].flatMap((project, p) =>
      REGIONS.flatMap((region, r) =>
        ['pulse-a:9470', 'pulse-b:9470'].map((instance) => ({
          name: metric.name,
          type: metric.kind,
          labels: { instance, job: 'pulse-exporter', project, region },
          samples: Array.from({ length: 3 * 24 + 1 }, (_, hour) => [EXPORT_START_S + hour * HOUR_S, 1000 + (m * 100 + p * 10 + r + 1) * hour] as const),
        })),
      ),
    ),
  );
}

/**
 * 50 days of participant minutes of acme in region one, hourly, with a daily cycle: the forecaster
 * forecasts from 38 at horizons 1d and 7d and backtests (accuracy) from about 50; no more, because
 * promtool writes one block per 2 hours.
 */
function forecastHistory(): BackfillSeries {
  const samples: Array<[number, number]> = [];
  let total = 0;
  for (let t = NOW_S - 50 * 86_400; t <= NOW_S; t += HOUR_S) {
    total += 1000 * (0.3 + Math.max(0, Math.sin((Math.PI * ((Math.floor(t / HOUR_S) % 24) - 6)) / 14)));
    samples.push([t, Math.round(total)]);
  }
  return { name: 'pulse_usage_participant_minutes_total', type: 'counter', labels: { project: 'acme', region: 'one', instance: 'pulse-c:9470', job: 'pulse-exporter' }, samples };
}

let redis: RedisServerHandle;
let inspector: Redis;
let prometheus: PrometheusHandle;
let simulator: Simulator;
let forecaster: { state: ForecasterState; pool: ForecastPool; server: RunningServer };
let replicaA: ExporterProcess;
let replicaB: ExporterProcess;
/** Short expiry, small caps, no forecaster. */
let replicaC: ExporterProcess;
let smallFileBytes: number;

async function startForecaster(prometheusUrl: string) {
  const config = parseForecasterConfig(
    ['apiVersion: pulse/v1', 'kind: Forecaster', `prometheus_url: ${prometheusUrl}`, 'horizons: [1d, 7d]', 'history: { daily: 50d, hourly: 14d }', 'metrics: [participant_minutes]', 'workers: 1'].join('\n'),
    'forecaster.yml',
    {},
  );
  const pool = createWorkerPool(config.workers);
  const state = createForecasterState({ config, pool, nowMs: () => NOW_S * 1000 + 60_000, log: silentLogger(), retryBaseMs: 50 });
  const server = await listen(createForecasterApp({ state, registry: new Registry() }), { host: '127.0.0.1', port: 0 });
  return { state, pool, server };
}

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pulse-analytics-tsdb-'));
  const custom = customMetricHistory({ startS: EXPORT_START_S, hours: 3 * 24, replicas: ['pulse-a:9470', 'pulse-b:9470'] });
  await backfillOpenMetrics(toOpenMetrics([...exportHistory(), ...custom, forecastHistory()]), dataDir);
  [redis, prometheus, simulator] = await Promise.all([
    startRedisServer({ appendOnly: false }),
    startPrometheus({ dataDir }),
    createSimulator({ regions: REGIONS.map((code) => ({ code, latencyMs: 2 })) }),
  ]);
  inspector = new Redis(redis.url);
  forecaster = await startForecaster(prometheus.url);
  const dir = tempDir();
  const projects = [
    { id: 'acme', key_env: 'ACME_KEY' },
    { id: 'globex', key_env: 'GLOBEX_KEY' },
  ];
  const common = { interval: '5s', timeout: '1s' };
  const shared = writeSimulatorConfig(dir, simulator.regions(), {
    ...common,
    extra: { projects, forecaster: { url: forecaster.server.url, timeout: '5s' }, exports: { prometheus_url: prometheus.url } },
  });
  // The bound for one day of one metric: that request fits exactly, one more day does not.
  smallFileBytes = exportSizeBound({ project: 'acme', format: 'csv', dateFrom: '2026-10-01', dateTo: '2026-10-01', metrics: [usageMetric('participant_minutes')] }, REGIONS);
  const small = writeSimulatorConfig(
    dir,
    simulator.regions(),
    { ...common, extra: { projects, exports: { prometheus_url: prometheus.url, expire_after: '3s', max_range: '2d', max_file_bytes: smallFileBytes } } },
    'small.yml',
  );
  const env = { ...KEYS, REDIS_URL: redis.url };
  [replicaA, replicaB, replicaC] = await Promise.all([startExporter(shared, { env }), startExporter(shared, { env }), startExporter(small, { env })]);
}, 300_000);

afterAll(async () => {
  await Promise.all([replicaA?.stop(), replicaB?.stop(), replicaC?.stop()]);
  forecaster?.state.stop();
  await forecaster?.pool.close();
  await forecaster?.server.close().catch(() => undefined);
  await inspector?.quit();
  await Promise.all([prometheus?.stop(), simulator?.close(), redis?.stop()]);
});

const send = (exporter: ExporterProcess, method: string, path: string, headers: Record<string, string> = ACME) => fetch(exporter.url + path, { method, headers });
const exportKeys = () => inspector.keys('pulse:export:*');

interface ExportStatus {
  export_id: string;
  status: string;
  file_size: number | null;
  file_url: string | null;
  rows: number | null;
  error: string | null;
  metrics: string[];
}

async function startExport(exporter: ExporterProcess, query: string): Promise<ExportStatus> {
  const response = await send(exporter, 'POST', `/api/v1/analytics/export/acme?${query}`);
  expect(response.status).toBe(202);
  return (await response.json()) as ExportStatus;
}

/** Polls a replica until the export has finished, one way or the other. */
const finished = (exporter: ExporterProcess, id: string): Promise<ExportStatus> =>
  eventually(`export ${id} to finish`, async () => {
    const status = (await (await send(exporter, 'GET', `/api/v1/analytics/export/status/${id}`)).json()) as ExportStatus;
    return status.status === 'completed' || status.status === 'failed' ? status : undefined;
  }, 60_000);

/** Polls until the export has expired: its status answers 404. */
const expired = (exporter: ExporterProcess, id: string): Promise<true> =>
  eventually(`export ${id} to expire`, async () => ((await send(exporter, 'GET', `/api/v1/analytics/export/status/${id}`)).status === 404 ? true : undefined), 60_000);

function pulseExport(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(PULSE, ['export', `--prometheus.url=${prometheus.url}`, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`pulse export exited with ${code}: ${stderr}`))));
  });
}

describe('export jobs', () => {
  it('makes the same CSV file as pulse export for the same range, readable from another replica', async () => {
    const started = await startExport(replicaA, 'export_type=csv&date_from=2026-10-01&date_to=2026-10-02');
    expect(started).toMatchObject({ status: 'pending', file_url: null, file_size: null, error: null });
    expect(started.export_id).toMatch(/^exp_[0-9a-f]{24}_acme$/);
    const done = await finished(replicaB, started.export_id);
    expect(done).toMatchObject({ status: 'completed', error: null, file_url: `/api/v1/analytics/export/download/${started.export_id}` });
    const download = await send(replicaB, 'GET', done.file_url!);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const file = await download.text();
    const expected = await pulseExport(['--from=2026-10-01', '--to=2026-10-03', '--project=acme', '--step=1h']);
    expect(file).toBe(expected);
    expect(Buffer.byteLength(file)).toBe(done.file_size);
    // 2 days × 24 hours × 5 metrics × 2 regions, header apart.
    expect(done.rows).toBe(480);
    expect(file.split('\n').length - 2).toBe(480);
  }, 90_000);

  it('makes the same JSON as pulse export for the metrics named, in the original design or Pulse names', async () => {
    const started = await startExport(replicaB, 'export_type=json&date_from=2026-10-02&date_to=2026-10-02&metrics[]=storage_usage&metrics[]=api_requests');
    expect(started.metrics).toEqual(['storage_usage', 'api_request']);
    const done = await finished(replicaA, started.export_id);
    expect(done.status).toBe('completed');
    const file = await (await send(replicaA, 'GET', done.file_url!)).text();
    expect(file).toBe(await pulseExport(['--from=2026-10-02', '--to=2026-10-03', '--project=acme', '--step=1h', '--format=json', '--metrics=storage_bytes,api_requests']));
    expect((JSON.parse(file) as unknown[]).length).toBe(96);
  }, 90_000);

  it("exports the project's own custom metrics named in metrics[] as pulse export does, and refuses another project's", async () => {
    // The store learns the names as projects use them: values recorded through the API, a definition as the API stores it.
    const record = (headers: Record<string, string>, body: unknown) =>
      fetch(`${replicaA.url}/api/v1/analytics/metrics`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const acmeValues = [
      { name: 'revenue', type: 'counter', category: 'business', value: 1, labels: { currency: 'USD' } },
      { name: 'checkout_seconds', type: 'summary', category: 'performance', value: 0.5 },
    ];
    expect((await record(ACME, { project_id: 'acme', metrics: acmeValues })).status).toBe(200);
    expect((await record(GLOBEX, { project_id: 'globex', name: 'revenue', type: 'counter', category: 'business', value: 1, labels: { currency: 'USD' } })).status).toBe(200);
    const store = createRedisStore({ url: redis.url });
    const definition: CustomMetric = {
      id: 'aaaaaaaaaaaaaaaaaaaaaaaa',
      project_id: 'acme',
      name: 'eu_minutes',
      description: '',
      metric_type: 'counter',
      aggregation: 'sum',
      query: { metric: 'participant_minutes', match: { region: 'one' }, by: [] },
      is_active: true,
      created_at: '2026-12-07T00:00:00.000Z',
      updated_at: '2026-12-07T00:00:00.000Z',
    };
    expect(await store.createCustomMetric(definition, 50)).toBe('ok');
    await store.close();

    const started = await startExport(replicaA, 'export_type=json&date_from=2026-10-01&date_to=2026-10-01&metrics[]=revenue&metrics[]=checkout_seconds&metrics[]=eu_minutes');
    expect(started.metrics).toEqual(['revenue', 'checkout_seconds', 'eu_minutes']);
    const done = await finished(replicaB, started.export_id);
    expect(done.status).toBe('completed');
    const file = await (await send(replicaB, 'GET', done.file_url!)).text();
    expect(file).toBe(await pulseExport(['--from=2026-10-01', '--to=2026-10-02', '--project=acme', '--step=1h', '--format=json', '--metrics=revenue,checkout_seconds,eu_minutes']));
    const rows = JSON.parse(file) as Array<{ timestamp: string; metric: string; project: string; region: string; value: number }>;
    // 24 hours × (2 currencies + 21 buckets + sum + count + the definition's series), acme's alone.
    expect(rows).toHaveLength(24 * 26);
    expect(new Set(rows.map((row) => row.project))).toEqual(new Set(['acme']));
    const at = (metric: string) => rows.find((row) => row.timestamp === '2026-10-01T05:00:00Z' && row.metric === metric)?.value;
    expect([at('revenue{currency="USD"}'), at('checkout_seconds_bucket{le="0.5"}'), at('checkout_seconds_bucket{le="+Inf"}'), at('checkout_seconds_sum'), at('checkout_seconds_count')]).toEqual([3, 1, 2, 7.5, 2]);
    expect(at('project:eu_minutes:sum_rate5m')).toBe(42);

    const refused = await send(replicaA, 'POST', '/api/v1/analytics/export/globex?date_from=2026-10-01&date_to=2026-10-01&metrics[]=revenue&metrics[]=checkout_seconds&metrics[]=eu_minutes', GLOBEX);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { problems: Array<{ field: string; message: string }> }).problems).toEqual([
      { field: 'metrics[1]', message: expect.stringContaining('unknown metric "checkout_seconds"') },
      { field: 'metrics[2]', message: expect.stringContaining('nor a custom metric definition or recorded value of project "globex"') },
    ]);
  }, 90_000);

  it('removes an expired export and its file from the store', async () => {
    const started = await startExport(replicaC, 'date_from=2026-10-01&date_to=2026-10-01&metrics[]=participant_minutes');
    const done = await finished(replicaC, started.export_id);
    expect(done.status).toBe('completed');
    expect((await send(replicaC, 'GET', done.file_url!)).status).toBe(200);
    expect(await exportKeys()).toEqual(expect.arrayContaining([`pulse:export:job:${started.export_id}`, `pulse:export:file:${started.export_id}`]));
    await expired(replicaC, started.export_id);
    expect((await send(replicaA, 'GET', done.file_url!)).status).toBe(404);
    expect((await exportKeys()).filter((key) => key.endsWith(started.export_id))).toEqual([]);
  }, 60_000);

  it('refuses at the range and size caps up front, and accepts right at them', async () => {
    const before = await exportKeys();
    const atCaps = await send(replicaC, 'POST', '/api/v1/analytics/export/acme?date_from=2026-10-01&date_to=2026-10-01&metrics[]=participant_minutes');
    expect(atCaps.status).toBe(202);
    const overRange = await send(replicaC, 'POST', '/api/v1/analytics/export/acme?date_from=2026-10-01&date_to=2026-10-03&metrics[]=participant_minutes');
    expect(overRange.status).toBe(400);
    expect(await overRange.json()).toMatchObject({ problems: [{ field: 'date_to', message: expect.stringContaining('3 days, more than the limit of 2') }] });
    const overSize = await send(replicaC, 'POST', '/api/v1/analytics/export/acme?date_from=2026-10-01&date_to=2026-10-02&metrics[]=participant_minutes');
    expect(overSize.status).toBe(400);
    expect(await overSize.json()).toMatchObject({ problems: [{ field: '(request)', message: expect.stringContaining(`more than the limit of ${smallFileBytes}`) }] });
    const accepted = (await atCaps.json()) as ExportStatus;
    expect((await exportKeys()).filter((key) => !before.includes(key) && !key.endsWith(accepted.export_id))).toEqual([]);
    expect((await finished(replicaC, accepted.export_id)).status).toBe('completed');
    // Gone before the tests below compare the store's keys before and after a request: expiring
    // between the two, it read as a change whenever a slow machine put its expiry there.
    await expired(replicaC, accepted.export_id);
  }, 60_000);
});

describe('the forecast endpoint', () => {
  it('answers 503 with the reason while the forecaster has no forecast yet, and when none is configured', async () => {
    const early = await send(replicaA, 'GET', '/api/v1/analytics/forecast/acme?metric_type=participant_minutes');
    expect(early.status).toBe(503);
    expect(((await early.json()) as { error: string }).error).toContain('no forecast yet');
    const none = await send(replicaC, 'GET', '/api/v1/analytics/forecast/acme?metric_type=participant_minutes');
    expect(none.status).toBe(503);
    expect(((await none.json()) as { error: string }).error).toContain('no forecaster is configured');
  });

  it("answers the original design's shape once the forecaster has run, accuracy in percent of its own", async () => {
    const run = await forecaster.state.runNow();
    expect(run?.series.map((s) => (s.result.status === 'ok' ? 'ok' : s.result.reason))).toEqual(['ok']);
    const response = await send(replicaB, 'GET', '/api/v1/analytics/forecast/acme?metric_type=participant_minutes&days=3');
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { forecasts: Array<Record<string, unknown>>; count: number; metric: string; days: number };
    const own = (await (await fetch(`${forecaster.server.url}/api/v1/forecast?metric=participant_minutes&project=acme&days=3`)).json()) as { forecasts: Array<Record<string, number | string>> };
    expect(answer).toMatchObject({ count: 3, metric: 'participant_minutes', days: 3 });
    expect(answer.forecasts).toEqual(
      own.forecasts.map((day) => ({
        metric_type: 'participant_minutes',
        forecast_date: `${day.forecast_date}T00:00:00Z`,
        predicted_value: day.predicted_value,
        confidence_low: day.confidence_low,
        confidence_high: day.confidence_high,
        model: day.model,
        accuracy: Math.round((day.accuracy as number) * 1000) / 10,
      })),
    );
    for (const day of answer.forecasts) expect(day.accuracy).toEqual(expect.any(Number));
    const week = (await (await send(replicaA, 'GET', '/api/v1/analytics/forecast/acme?metric_type=participant_minutes')).json()) as { count: number; days: number };
    expect(week).toMatchObject({ count: 7, days: 7 });
  }, 180_000);

  it('answers 503 for a project the forecaster has no history of', async () => {
    const response = await send(replicaA, 'GET', '/api/v1/analytics/forecast/globex?metric_type=egress_minutes', GLOBEX);
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: string }).error).toContain('no forecast yet for egress_minutes of project "globex"');
  });
});

describe('keys and bad requests', () => {
  const someId = 'exp_0123456789abcdef01234567_acme';
  const endpoints: Array<[string, string]> = [
    ['GET', '/api/v1/analytics/forecast/acme?metric_type=participant_minutes'],
    ['POST', '/api/v1/analytics/export/acme?date_from=2026-10-01&date_to=2026-10-01'],
    ['GET', `/api/v1/analytics/export/status/${someId}`],
    ['GET', `/api/v1/analytics/export/download/${someId}`],
  ];

  it.each(endpoints)('%s %s: 401 without a key, 403 with another project\'s key', async (method, path) => {
    const before = await exportKeys();
    const anonymous = await send(replicaA, method, path, {});
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    const other = await send(replicaA, method, path, GLOBEX);
    expect(other.status).toBe(403);
    expect(((await other.json()) as { error: string }).error).toContain('reaches only project "globex"');
    expect(await exportKeys()).toEqual(before);
  });

  const badRequests: Array<[string, string, string, string]> = [
    ['forecast without metric_type', 'GET', '/forecast/acme', 'metric_type'],
    ['forecast of an unknown metric', 'GET', '/forecast/acme?metric_type=coffee', 'metric_type'],
    ['forecast of 0 days', 'GET', '/forecast/acme?metric_type=api_request&days=0', 'days'],
    ['forecast of 91 days', 'GET', '/forecast/acme?metric_type=api_request&days=91', 'days'],
    ['forecast of 1.5 days', 'GET', '/forecast/acme?metric_type=api_request&days=1.5', 'days'],
    ['forecast with an unknown parameter', 'GET', '/forecast/acme?metric_type=api_request&horizon=7', 'horizon'],
    ['export as xml', 'POST', '/export/acme?export_type=xml&date_from=2026-10-01&date_to=2026-10-01', 'export_type'],
    ['export without date_from', 'POST', '/export/acme?date_to=2026-10-01', 'date_from'],
    ['export without date_to', 'POST', '/export/acme?date_from=2026-10-01', 'date_to'],
    ['export from month 13', 'POST', '/export/acme?date_from=2026-13-01&date_to=2026-10-01', 'date_from'],
    ['export from 30 February', 'POST', '/export/acme?date_from=2026-02-30&date_to=2026-03-01', 'date_from'],
    ['export to a time, not a date', 'POST', '/export/acme?date_from=2026-10-01&date_to=2026-10-02T00:00:00Z', 'date_to'],
    ['export with reversed dates', 'POST', '/export/acme?date_from=2026-10-02&date_to=2026-10-01', 'date_to'],
    ['export over 90 days', 'POST', '/export/acme?date_from=2026-01-01&date_to=2026-04-01', 'date_to'],
    ['export of an unknown metric', 'POST', '/export/acme?date_from=2026-10-01&date_to=2026-10-01&metrics[]=coffee', 'metrics[0]'],
    ['export of a second unknown metric', 'POST', '/export/acme?date_from=2026-10-01&date_to=2026-10-01&metrics[]=api_request&metrics[]=beer', 'metrics[1]'],
    ['export with date_from twice', 'POST', '/export/acme?date_from=2026-10-01&date_from=2026-10-02&date_to=2026-10-03', 'date_from'],
    ['export with an unknown parameter', 'POST', '/export/acme?date_from=2026-10-01&date_to=2026-10-01&format=csv', 'format'],
  ];

  it.each(badRequests)('%s: 400 naming the field, nothing stored', async (_name, method, path, field) => {
    const before = await exportKeys();
    const response = await send(replicaA, method, `/api/v1/analytics${path}`);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string; problems: Array<{ field: string }> };
    expect(body.problems.map((p) => p.field)).toContain(field);
    expect(body.error).toContain(`${field}: `);
    expect(await exportKeys()).toEqual(before);
  });

  it('names every problem of one request at once', async () => {
    const response = await send(replicaA, 'POST', '/api/v1/analytics/export/acme?export_type=pdf&date_from=yesterday&metrics[]=beer');
    expect(((await response.json()) as { problems: Array<{ field: string }> }).problems.map((p) => p.field)).toEqual(['export_type', 'date_from', 'date_to', 'metrics[0]']);
  });

  it('answers 404 for an export id that names no export', async () => {
    expect((await send(replicaA, 'GET', `/api/v1/analytics/export/status/${someId}`)).status).toBe(404);
    expect((await send(replicaA, 'GET', '/api/v1/analytics/export/status/not-an-export-id')).status).toBe(404);
  });
});

describe('when Prometheus and the forecaster are gone', () => {
  it('fails the job with the reason (no file to download) and answers the forecast with 503', async () => {
    await prometheus.stop();
    await forecaster.server.close();
    const started = await startExport(replicaA, 'date_from=2026-10-01&date_to=2026-10-01');
    const done = await finished(replicaB, started.export_id);
    expect(done).toMatchObject({ status: 'failed', file_url: null, file_size: null });
    expect(done.error).toContain('cannot reach Prometheus');
    const download = await send(replicaB, 'GET', `/api/v1/analytics/export/download/${started.export_id}`);
    expect(download.status).toBe(409);
    const forecast = await send(replicaA, 'GET', '/api/v1/analytics/forecast/acme?metric_type=participant_minutes');
    expect(forecast.status).toBe(503);
    expect(((await forecast.json()) as { error: string }).error).toContain('did not answer');
  }, 60_000);
});
