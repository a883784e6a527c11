/**
 * The examples of README.md's "Forecasts" part, run as written with bash: its `sh` block (an
 * on-demand run) against a real `bin/pulse-forecaster serve` with the repository's
 * forecaster/config/forecaster.yml, reading a real Prometheus that holds 60 days of acme's hourly
 * participant minutes; then the forecast request and the `backtest` command the part names in its
 * text (the latter on a CSV of 200 days the test writes, with every optional flag the README shows).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answerShape } from '../../common/readme-examples/answer-shape';
import { shellBlocks } from '../../common/readme-examples/readme-examples';
import { runShell } from '../../common/readme-examples/run-shell';
import { launchProcess, type LaunchedProcess } from '../../common/testing/child-process';
import { backfillOpenMetrics, freePort, startPrometheus, toOpenMetrics, type PrometheusHandle } from '../../common/testing/prometheus-server';

const ROOT = join(__dirname, '../..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const PART = '## Forecasts: `forecaster/`';
const ADMIN_KEY = 'forecaster-readme-key';
const HOUR_S = 3600;
const DAYS = 60;

/** acme's participant minutes in eu-west, hourly up to the last full hour: 100 a weekday hour, 50 a weekend one. */
function usageHistory(nowS: number) {
  const endS = Math.floor(nowS / HOUR_S) * HOUR_S - HOUR_S;
  let total = 0;
  const samples = Array.from({ length: DAYS * 24 + 1 }, (_, i) => {
    const t = endS - (DAYS * 24 - i) * HOUR_S;
    const weekday = Math.floor(t / 86_400 + 4) % 7; // 1970-01-01 was a Thursday
    total += weekday === 0 || weekday === 6 ? 50 : 100;
    return [t, total] as const;
  });
  return [{ name: 'pulse_usage_participant_minutes_total', type: 'counter' as const, labels: { instance: 'exporter:9470', job: 'pulse-exporter', project: 'acme', region: 'eu-west' }, samples }];
}

let prometheus: PrometheusHandle;
let forecaster: LaunchedProcess;
let forecasterUrl: string;
const scratch = mkdtempSync(join(tmpdir(), 'pulse-forecaster-readme-'));

beforeAll(async () => {
  const dataDir = join(scratch, 'tsdb');
  await backfillOpenMetrics(toOpenMetrics(usageHistory(Date.now() / 1000)), dataDir);
  prometheus = await startPrometheus({ dataDir });
  const port = await freePort();
  forecasterUrl = `http://127.0.0.1:${port}`;
  forecaster = await launchProcess({
    name: 'pulse-forecaster',
    command: join(ROOT, 'bin/pulse-forecaster'),
    args: ['serve', '--config.file=forecaster/config/forecaster.yml', `--web.listen-address=127.0.0.1:${port}`],
    cwd: ROOT,
    env: { PROMETHEUS_URL: prometheus.url, PULSE_ADMIN_KEY: ADMIN_KEY },
    ready: async () => (await fetch(`${forecasterUrl}/-/ready`)).ok,
    readyTimeoutMs: 30_000,
  });
}, 90_000);

afterAll(async () => {
  await forecaster?.stop();
  await prometheus?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

const shell = (command: string) => runShell(command.split('http://127.0.0.1:9471').join(forecasterUrl), { cwd: ROOT, env: { PULSE_ADMIN_KEY: ADMIN_KEY }, curlMaxTimeSeconds: 40, stopAfterMs: 45_000 });

const commands = shellBlocks(README, PART).flatMap((b) => b.commands);

it('finds the one sh example: an on-demand run, with its answer', () => {
  expect(commands.map((c) => [c.text.startsWith('curl -XPOST'), c.text.includes('/api/v1/run'), c.answer !== undefined])).toEqual([[true, true, true]]);
});

it.each(commands.map((c) => [`line ${c.line}: ${c.text.slice(0, 90)}`, c] as const))('%s', async (_title, command) => {
  const run = await shell(command.text);
  const context = `README line ${command.line}:\n${command.text}\nstatus ${run.statuses.join(', ')}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`;
  const shown = answerShape(command.answer!);
  const answer = JSON.parse(run.stdout) as { series: number; skipped: number };
  // The history holds one series of the config's five metrics: it is forecast, none skipped.
  expect({ context, statuses: run.statuses, keys: Object.keys(answer).sort(), series: answer.series, skipped: answer.skipped }).toEqual({
    context,
    statuses: [200],
    keys: [...shown.keys].sort(),
    series: 1,
    skipped: 0,
  });
}, 60_000);

/** The query the part names in its text: `GET /api/v1/forecast?…` answers per day the fields it lists. */
it('answers the forecast request the README names, per day with the fields it lists', async () => {
  const request = /`GET (\/api\/v1\/forecast\?[^`]+)` answers per day\s+`([^`]+)`/.exec(README);
  expect(request).not.toBeNull();
  const days = Number(new URL(request![1], forecasterUrl).searchParams.get('days'));
  const fields = request![2].split(', ');
  const run = await shell(`curl '${forecasterUrl}${request![1]}'`);
  const forecasts = (JSON.parse(run.stdout) as { forecasts?: Array<Record<string, unknown>> }).forecasts ?? [];
  const context = `${request![1]}\nstdout: ${run.stdout.slice(0, 2000)}\nstderr: ${run.stderr}`;
  expect({ context, statuses: run.statuses, days: forecasts.length, keys: [...new Set(forecasts.map((f) => Object.keys(f).sort().join(', ')))] }).toEqual({
    context,
    statuses: [200],
    days,
    keys: [[...fields].sort().join(', ')],
  });
}, 60_000);

it('runs the backtest command the README names, with every optional flag it shows, on a CSV of timestamp,value', async () => {
  const written = /`(bin\/pulse-forecaster backtest --input file\.csv [^`]+)`/.exec(README)?.[1];
  expect(written).toBeDefined();
  // Every `[--flag value]` taken, as a reader trying them all would.
  const command = written!.replace(/\[([^\]]+)\]/g, '$1').replace('file.csv', join(scratch, 'daily.csv'));
  const days = Array.from({ length: 200 }, (_, d) => `${new Date(Date.UTC(2026, 0, 1) + d * 86_400_000).toISOString().slice(0, 10)},${d % 7 >= 5 ? 40 : 100 + (d % 3)}`);
  writeFileSync(join(scratch, 'daily.csv'), ['timestamp,value', ...days].join('\n') + '\n');
  const run = await shell(command);
  const context = `${command}\nexit ${run.exitCode}\nstdout: ${run.stdout.slice(0, 2000)}\nstderr: ${run.stderr.slice(0, 2000)}`;
  expect({ context, exitCode: run.exitCode }).toEqual({ context, exitCode: 0 });
  // The flags as given, and "the band's coverage by lead time, with its standard error" for every model.
  const report = JSON.parse(run.stdout) as { horizon: number; step: number; leadBuckets: string[]; models: Array<{ name: string; coverageByLead?: number[]; coverageByLeadError?: number[] }> };
  const flag = (name: string) => Number(new RegExp(`--${name} (\\d+)`).exec(command)![1]);
  expect({ horizon: report.horizon, step: report.step, withoutCoverage: report.models.filter((m) => m.coverageByLead?.length !== report.leadBuckets.length || m.coverageByLeadError?.length !== report.leadBuckets.length).map((m) => m.name) }).toEqual({
    horizon: flag('horizon'),
    step: flag('step'),
    withoutCoverage: [],
  });
  expect(report.models.length).toBeGreaterThan(0);
}, 60_000);
