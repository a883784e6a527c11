/**
 * The forecaster service against a real Prometheus loaded with 100 days of history through
 * `promtool tsdb create-blocks-from openmetrics`: forecasts, skips, the API, and what happens
 * when Prometheus goes away.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { silentLogger } from '../../../common/log';
import { backfillOpenMetrics, startPrometheus, toOpenMetrics, type BackfillSeries, type PrometheusHandle } from '../../../common/testing/prometheus-server';
import { parseForecasterConfig, type ForecasterConfig } from './config';
import { createForecasterApp } from './http-app';
import { registerForecasterMetrics } from './forecaster-metrics';
import { createWorkerPool, type ForecastPool } from './forecast-pool';
import { createForecasterState, type ForecasterState } from './forecaster-state';
import { sha256Hex } from '../../../common/http/bearer-key';
import { listen, type RunningServer } from '../../../common/http/listen';
import { runTool } from '../../../exporter/src/testing/promtool';

const HOUR = 3600;
// The history ends at the last whole hour but one; NOW_S=<unix seconds> replays another hour of the
// day (the synthetic usage has a daily and weekly shape, so what the test sees depends on the hour).
const NOW_S = process.env.NOW_S ? Number(process.env.NOW_S) : Math.floor(Date.now() / 1000 / HOUR) * HOUR - HOUR;

const STEP = 900;

/** Where the live series pick up again after a hole, as a fresh stack's first scrapes do after its backfill. */
const RESUME = { afterS: 30 * 60, untilS: 34 * 60 } as const;

/**
 * A cumulative counter sampled every 15 minutes (every minute in the last `denseHours`, as live
 * scrapes), with a daily and weekly cycle: `days` long, ending at NOW_S; its last hour `lastHourTimes` the usual.
 * `resumes`: no sample for RESUME.afterS after NOW_S, then a fresh exporter's counter (from zero, the
 * usage since NOW_S caught up) every minute until RESUME.untilS.
 */
function usageCounter(labels: Record<string, string>, days: number, perHour: number, shape: { denseHours?: number; lastHourTimes?: number; resumes?: boolean } = {}): BackfillSeries {
  const samples: Array<[number, number]> = [];
  let total = 0;
  const denseFrom = NOW_S - (shape.denseHours ?? 0) * HOUR;
  const end = shape.resumes ? NOW_S + RESUME.untilS : NOW_S;
  let sinceHistory = 0;
  for (let t = NOW_S - days * 86_400, step = STEP; t <= end; step = t >= denseFrom ? 60 : STEP, t += step) {
    // The rate of the hour the step's usage happened in (it ends at t): were it the hour of t, a
    // 15-minute sample at an hour's end would carry the next hour's rate, and an hour read from
    // 15-minute history and the same hour read from minute samples would differ by up to 16 %
    // where the daily curve is steep (the latest hour flagged as a dip at 6 of 24 hours of the day).
    const start = t - step;
    const hour = Math.floor(start / HOUR) % 24;
    const weekday = Math.floor(start / 86_400 + 4) % 7; // 1970-01-01 was a Thursday
    const times = start >= NOW_S - HOUR ? (shape.lastHourTimes ?? 1) : 1;
    const usage = ((perHour * step) / HOUR) * times * (0.3 + Math.max(0, Math.sin((Math.PI * (hour - 6)) / 14))) * (weekday === 0 || weekday === 6 ? 0.5 : 1);
    if (t <= NOW_S) {
      total += usage;
      samples.push([t, Math.round(total)]);
    } else {
      sinceHistory += usage;
      if (t >= NOW_S + RESUME.afterS) samples.push([t, Math.round(sinceHistory)]);
    }
  }
  return { name: 'pulse_usage_participant_minutes_total', type: 'counter', labels: { ...labels, instance: 'exporter:9470', job: 'pulse-exporter' }, samples };
}

let prometheus: PrometheusHandle;
let state: ForecasterState;
let config: ForecasterConfig;
let pool: ForecastPool;
let server: RunningServer;
const registry = new Registry();
const ADMIN_KEY = 'forecaster-admin';

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pulse-forecaster-tsdb-'));
  await backfillOpenMetrics(
    toOpenMetrics([
      usageCounter({ project: 'acme', region: 'eu-west' }, 100, 1000),
      usageCounter({ project: 'acme', region: 'us-east' }, 100, 400),
      // Two days only: too short to forecast, skipped with its reason.
      usageCounter({ project: 'newco', region: 'eu-west' }, 2, 50),
      // Scraped every minute lately, as live; one of them with a spike in its last hour.
      // Both pick up again after a hole; the other series have stopped (newest sample: the live ones').
      usageCounter({ project: 'live', region: 'eu-west' }, 100, 1000, { denseHours: 3, resumes: true }),
      usageCounter({ project: 'live', region: 'us-east' }, 100, 1000, { denseHours: 3, lastHourTimes: 3, resumes: true }),
    ]),
    dataDir,
  );
  prometheus = await startPrometheus({ dataDir });
  config = parseForecasterConfig(
    [
      'apiVersion: pulse/v1',
      'kind: Forecaster',
      `prometheus_url: ${prometheus.url}`,
      'horizons: [1d, 7d, 30d]',
      'history: { daily: 100d, hourly: 35d }',
      'metrics: [participant_minutes]',
      'workers: 2',
      'limits: [{ metric: participant_minutes, project: acme, region: eu-west, kind: quota, value: 1 }]',
    ].join('\n'),
    'forecaster.yml',
    {},
  );
  // Real worker threads, as the service runs: the forecasts cross a thread boundary.
  pool = createWorkerPool(config.workers);
  state = createForecasterState({ config, pool, nowMs: () => NOW_S * 1000 + 60_000, log: silentLogger(), retryBaseMs: 50 });
  registerForecasterMetrics(registry, state);
  server = await listen(createForecasterApp({ state, registry, adminKeySha256: sha256Hex(ADMIN_KEY) }), { host: '127.0.0.1', port: 0 });
}, 180_000);

afterAll(async () => {
  state?.stop();
  await pool?.close();
  await server?.close();
  await prometheus?.stop();
});

const sampleOf = (text: string, prefix: string) => text.split('\n').filter((l) => l.startsWith(prefix));

describe('pulse-forecaster against a real Prometheus', () => {
  it('forecasts every long-enough series at each horizon, with a calibrated band where the history allows', async () => {
    const run = await state.runNow();
    expect(run?.series.map((s) => [s.project, s.region, s.result.status]).sort()).toEqual([
      ['acme', 'eu-west', 'ok'],
      ['acme', 'us-east', 'ok'],
      ['live', 'eu-west', 'ok'],
      ['live', 'us-east', 'ok'],
      ['newco', 'eu-west', 'skipped'],
    ]);
    const metrics = await registry.metrics();
    const median = sampleOf(metrics, 'pulse_forecast{metric="participant_minutes",project="acme",region="eu-west",horizon="7d",forecast_quantile="0.5"}');
    const lower = sampleOf(metrics, 'pulse_forecast{metric="participant_minutes",project="acme",region="eu-west",horizon="7d",forecast_quantile="0.025"}');
    const upper = sampleOf(metrics, 'pulse_forecast{metric="participant_minutes",project="acme",region="eu-west",horizon="7d",forecast_quantile="0.975"}');
    expect([median.length, lower.length, upper.length]).toEqual([1, 1, 1]);
    const value = (line: string) => Number(line.split(' ').pop());
    // A weekday of the eu-west series sums to about 24 × 1000 × 0.9; the band holds the median.
    expect(value(median[0])).toBeGreaterThan(5_000);
    expect(value(lower[0])).toBeLessThanOrEqual(value(median[0]));
    expect(value(upper[0])).toBeGreaterThanOrEqual(value(median[0]));
    expect(value(lower[0])).toBeGreaterThanOrEqual(0);
    expect(metrics).toContain('pulse_forecast_selected_model_info{metric="participant_minutes",project="acme",region="eu-west"');
    expect(metrics).toMatch(/pulse_forecast_backtest_mase\{metric="participant_minutes",project="acme",region="eu-west",model="snaive-7"\} \d/);
    expect(metrics).toContain('pulse_forecast_time_to_limit_seconds{metric="participant_minutes",project="acme",region="eu-west",limit="quota"} 86400');
    expect(metrics).toMatch(/pulse_forecaster_series_skipped\{metric="participant_minutes",project="newco",region="eu-west",reason="too short[^"]*"\} 1/);
    expect(metrics).toContain('pulse_forecaster_source_up 1');
    // The smooth synthetic series stays inside its band: flagged 0, and flagged at all.
    expect(metrics).toContain('pulse_forecast_anomaly{metric="participant_minutes",project="acme",region="eu-west"} 0');
    expect(metrics).toContain('pulse_forecast_anomaly{metric="participant_minutes",project="live",region="eu-west"} 0');
    // Three times the usual hour: flagged.
    expect(metrics).toContain('pulse_forecast_anomaly{metric="participant_minutes",project="live",region="us-east"} 1');
  }, 120_000);

  // The history ends at NOW_S; the live series pick up again 30 minutes later. Read 4 minutes
  // after NOW_S, as if the last minutes of usage had not reached Prometheus yet; 33 minutes after,
  // when live samples are back but the settled end (5 minutes before) lies in the hole; or 45 after, past
  // the newest sample: an hour ending in the hole, or after the data, would miss usage and read as a dip.
  it.each([4, 33, 45])('judges the latest hour once it has settled and has data (%i minutes after the history): no dip', async (minutes) => {
    const later = createForecasterState({ config, pool, nowMs: () => NOW_S * 1000 + minutes * 60_000, log: silentLogger(), retryBaseMs: 50 });
    const run = await later.runNow();
    const flags = run?.series.filter((s) => s.project === 'live').map((s) => [s.region, s.result.status === 'ok' && s.result.anomaly]);
    expect(flags).toEqual([
      ['eu-west', false],
      ['us-east', true],
    ]);
  }, 120_000);

  it('publishes metrics that promtool check metrics finds nothing wrong with', async () => {
    const lint = runTool('promtool', ['check', 'metrics'], await registry.metrics());
    expect(lint.stdout + lint.stderr).toBe('');
    expect(lint.status).toBe(0);
  });

  it('answers the forecast API in the original shape, and 400/404 for bad questions', async () => {
    const answer = (await (await fetch(`${server.url}/api/v1/forecast?metric=participant_minutes&project=acme&days=3`)).json()) as {
      regions: string[];
      forecasts: Array<{ forecast_date: string; predicted_value: number; confidence_low: number | null; confidence_high: number | null; model: string; accuracy: number | null }>;
    };
    expect(answer.regions).toEqual(['eu-west', 'us-east']);
    expect(answer.forecasts).toHaveLength(3);
    for (const day of answer.forecasts) {
      expect(day.forecast_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(day.predicted_value).toBeGreaterThan(0);
      expect(day.confidence_low!).toBeLessThanOrEqual(day.predicted_value);
      expect(day.confidence_high!).toBeGreaterThanOrEqual(day.predicted_value);
    }
    expect((await fetch(`${server.url}/api/v1/forecast?metric=participant_minutes&project=acme&days=91`)).status).toBe(400);
    expect((await fetch(`${server.url}/api/v1/forecast?metric=coffee&project=acme`)).status).toBe(400);
    expect((await fetch(`${server.url}/api/v1/forecast?metric=participant_minutes&project=nobody`)).status).toBe(404);
  });

  it('keeps publishing the last forecasts, marks the source down and counts the failure when Prometheus is gone', async () => {
    await prometheus.stop();
    expect(await state.runNow()).toBeUndefined();
    const metrics = await registry.metrics();
    expect(metrics).toContain('pulse_forecaster_source_up 0');
    expect(metrics).toContain('pulse_forecaster_runs_total{result="source_error"} 1');
    expect(sampleOf(metrics, 'pulse_forecast{').length).toBeGreaterThan(0);
    expect(metrics).toMatch(/pulse_forecaster_last_success_timestamp_seconds \d/);
    expect((await fetch(`${server.url}/api/v1/run`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_KEY}` } })).status).toBe(503);
  });
});

describe('the forecaster config', () => {
  it('names the file, line and key of a bad value', () => {
    expect(() => parseForecasterConfig('apiVersion: pulse/v1\nkind: Forecaster\nprometheus_url: http://p:9090\nhorizons: [7 days]\n', 'forecaster.yml', {})).toThrow(
      'forecaster.yml:4: horizons[0]: must be a duration such as 1h or 30d (got "7 days")',
    );
  });

  it('rejects a worker count that is not a whole number or "auto"', () => {
    expect(() => parseForecasterConfig('apiVersion: pulse/v1\nkind: Forecaster\nprometheus_url: http://p:9090\nworkers: many\n', 'forecaster.yml', {})).toThrow(
      /^forecaster\.yml:4: workers: .*\(got "many"\)/,
    );
    expect(parseForecasterConfig('apiVersion: pulse/v1\nkind: Forecaster\nprometheus_url: http://p:9090\nworkers: 0\n', 'f.yml', {}).workers).toBe(0);
  });

  it('lets PROMETHEUS_URL win over the file', () => {
    const config = parseForecasterConfig('apiVersion: pulse/v1\nkind: Forecaster\nprometheus_url: http://p:9090\n', 'f.yml', { PROMETHEUS_URL: 'http://q:9090/' });
    expect(config.prometheusUrl).toBe('http://q:9090');
    expect(config.horizons.map((h) => h.label)).toEqual(['1d', '7d', '30d', '90d']);
  });
});
