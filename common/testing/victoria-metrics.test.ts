/**
 * Past one Prometheus: a real Prometheus remote-writes to a real VictoriaMetrics, and the readers
 * (the forecaster, `pulse export`) read VictoriaMetrics' Prometheus API with no change but the URL.
 * History is imported (Prometheus remote-writes what it scrapes, not backfilled blocks); the live
 * series comes through remote write.
 */
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { silentLogger } from '../log';
import { parseForecasterConfig } from '../../forecaster/src/service/config';
import { createWorkerPool, type ForecastPool } from '../../forecaster/src/service/forecast-pool';
import { createForecasterState } from '../../forecaster/src/service/forecaster-state';
import { startPrometheus, type BackfillSeries, type PrometheusHandle } from './prometheus-server';
import { startVictoriaMetrics, type VictoriaMetricsHandle } from './victoria-metrics';

const PULSE = join(__dirname, '../../bin/pulse');
const HOUR_S = 3600;
const DAY_S = 86_400;
const NOW_S = Math.floor(Date.now() / 1000 / HOUR_S) * HOUR_S - HOUR_S;
/** Whole days of history for the export, starting at a UTC midnight 10 days back. */
const EXPORT_FROM_S = Math.floor(NOW_S / DAY_S) * DAY_S - 10 * DAY_S;

/** A counter sampled every 15 minutes, `perHour` an hour on weekdays and half that at weekends, `days` long up to NOW_S. */
function usageCounter(project: string, days: number, perHour: number): BackfillSeries {
  const samples: Array<[number, number]> = [];
  let total = 0;
  for (let t = NOW_S - days * DAY_S; t <= NOW_S; t += 900) {
    const weekday = Math.floor(t / DAY_S + 4) % 7; // 1970-01-01 was a Thursday
    samples.push([t, total]);
    total += (perHour / 4) * (weekday === 0 || weekday === 6 ? 0.5 : 1);
  }
  return { name: 'pulse_usage_participant_minutes_total', type: 'counter', labels: { project, region: 'eu-west', instance: 'exporter:9470', job: 'pulse-exporter' }, samples };
}

let victoria: VictoriaMetricsHandle;
let prometheus: PrometheusHandle;
let target: Server;
let pool: ForecastPool;
const history = usageCounter('acme', 60, 400);

beforeAll(async () => {
  victoria = await startVictoriaMetrics();
  await victoria.importSeries([history]);
  // What Prometheus scrapes and remote-writes: one live series.
  target = createServer((_request, response) => response.end('pulse_usage_participant_minutes_total{project="live",region="eu-west"} 42\n'));
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  const { port } = target.address() as { port: number };
  prometheus = await startPrometheus({
    configYaml: [
      'global: { scrape_interval: 1s }',
      `scrape_configs: [{ job_name: pulse-exporter, static_configs: [{ targets: ["127.0.0.1:${port}"] }] }]`,
      `remote_write: [{ url: "${victoria.remoteWriteUrl}", queue_config: { batch_send_deadline: 1s } }]`,
    ].join('\n'),
  });
  pool = createWorkerPool(1);
}, 120_000);

afterAll(async () => {
  await pool?.close();
  await prometheus?.stop();
  await victoria?.stop();
  await new Promise((resolve) => target?.close(resolve));
});

async function instantValue(query: string): Promise<string | undefined> {
  const answer = (await (await fetch(`${victoria.url}/api/v1/query?query=${encodeURIComponent(query)}`)).json()) as { data: { result: Array<{ value: [number, string] }> } };
  return answer.data.result[0]?.value[1];
}

it('receives what Prometheus scrapes through remote_write', async () => {
  const deadline = Date.now() + 60_000;
  let value: string | undefined;
  while (Date.now() < deadline && (value = await instantValue('pulse_usage_participant_minutes_total{project="live"}')) === undefined) {
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  expect(value).toBe('42');
}, 70_000);

it('feeds `pulse export` the exact daily increases, through the Prometheus API unchanged', async () => {
  const day = (offset: number): string => new Date((EXPORT_FROM_S + offset * DAY_S) * 1000).toISOString().slice(0, 10);
  const { stdout } = await promisify(execFile)(PULSE, ['export', '--from', day(0), '--to', day(3), '--step', '1d', '--metrics', 'participant_minutes', '--prometheus.url', victoria.url]);
  const rows = stdout.trim().split('\n').slice(1).map((line) => line.split(','));
  const expected = [0, 1, 2].map((offset) => {
    const start = EXPORT_FROM_S + offset * DAY_S;
    const at = (t: number): number => history.samples.find(([seconds]) => seconds === t)![1];
    return [`${day(offset)}T00:00:00Z`, 'participant_minutes', 'acme', 'eu-west', String(at(start + DAY_S) - at(start))];
  });
  expect(rows).toEqual(expected);
}, 60_000);

it('gives the forecaster the history it forecasts from', async () => {
  const config = parseForecasterConfig(
    ['apiVersion: pulse/v1', 'kind: Forecaster', `prometheus_url: ${victoria.url}`, 'horizons: [1d, 7d]', 'history: { daily: 60d, hourly: 35d }', 'metrics: [participant_minutes]', 'workers: 1'].join('\n'),
    'forecaster.yml',
    {},
  );
  const state = createForecasterState({ config, pool, nowMs: () => NOW_S * 1000 + 60_000, log: silentLogger(), retryBaseMs: 50 });
  try {
    const run = await state.runNow();
    const acme = run?.series.find((series) => series.project === 'acme');
    expect(acme?.result.status).toBe('ok');
  } finally {
    state.stop();
  }
}, 120_000);
