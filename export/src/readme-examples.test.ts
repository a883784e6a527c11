/**
 * The shell examples of README.md's "Exporting usage" part, run as written with bash against a
 * real Prometheus holding what they ask for: acme's usage over 2026-11-01..08 and the custom
 * metrics of export/src/testing/custom-history.ts over 2026-12-01..08. They run in a temporary
 * directory (with `bin` linked to the repository's), so `--out acme-week.csv` lands there and the
 * checkout stays as it was. Each must exit 0 with nothing on stderr but its summary; a file it writes, or the
 * answer the README prints under it, must have the README's header and rows (by every column but
 * the value, which the README only illustrates).
 *
 * The "Past one Prometheus" part's export, against VictoriaMetrics, runs the same way against a
 * real VictoriaMetrics holding the last 8 days of acme's usage; its `docker compose` line is not run.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { shellBlocks, type ReadmeCommand } from '../../common/readme-examples/readme-examples';
import { runShell } from '../../common/readme-examples/run-shell';
import { backfillOpenMetrics, startPrometheus, toOpenMetrics, type BackfillSeries, type PrometheusHandle } from '../../common/testing/prometheus-server';
import { startVictoriaMetrics, type VictoriaMetricsHandle } from '../../common/testing/victoria-metrics';
import { tempDir } from '../../exporter/src/testing/exporter-process';
import { customMetricHistory } from './testing/custom-history';
import { findUsageMetric } from './usage-metrics';

const ROOT = join(__dirname, '../..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const PART = '## Exporting usage: `pulse export`';
const HOUR_S = 3600;
const USAGE_FROM_S = Date.UTC(2026, 10, 1) / 1000;
const CUSTOM_FROM_S = Date.UTC(2026, 11, 1) / 1000;
const DAYS = 8;

/** acme's participant minutes (a counter, 60 an hour) and storage (a level growing 1 MB an hour) in eu-west. */
function usageHistory(fromS = USAGE_FROM_S): BackfillSeries[] {
  const hours = Array.from({ length: DAYS * 24 + 1 }, (_, hour) => hour);
  const labels = { instance: 'pulse-a:9470', job: 'pulse-exporter', project: 'acme', region: 'eu-west' };
  return (['participant_minutes', 'storage_bytes'] as const).map((type) => {
    const metric = findUsageMetric(type)!;
    const value = (hour: number) => (metric.kind === 'counter' ? 60 * hour : 1e9 + 1e6 * hour);
    return { name: metric.name, type: metric.kind, labels, samples: hours.map((hour) => [fromS + hour * HOUR_S, value(hour)] as const) };
  });
}

let prometheus: PrometheusHandle;
let examplesDir: string;
const gitStatus = () => execFileSync('git', ['status', '--porcelain'], { cwd: ROOT, encoding: 'utf8' });
let statusBefore: string;

beforeAll(async () => {
  statusBefore = gitStatus();
  const dataDir = tempDir();
  await backfillOpenMetrics(toOpenMetrics([...usageHistory(), ...customMetricHistory({ startS: CUSTOM_FROM_S, hours: DAYS * 24, replicas: ['pulse-a:9470', 'pulse-b:9470'] })]), dataDir);
  prometheus = await startPrometheus({ dataDir });
  examplesDir = tempDir();
  symlinkSync(join(ROOT, 'bin'), join(examplesDir, 'bin'));
}, 120_000);

afterAll(async () => {
  await prometheus?.stop();
});

/** A CSV row without its value (the last column; no value holds a comma). */
const withoutValue = (row: string) => row.slice(0, row.lastIndexOf(','));

/** The README's CSV (header and rows, `…` left out) must be in `csv`: the header first, each row by every column but the value. */
function expectReadmeRows(readmeCsv: string, csv: string, context: string): void {
  const [header, ...rows] = readmeCsv.split('\n').filter((l) => l !== '…');
  const lines = csv.trimEnd().split('\n');
  const present = new Set(lines.slice(1).map(withoutValue));
  expect({ context, header: lines[0], missing: rows.filter((r) => !present.has(withoutValue(r))) }).toEqual({ context, header, missing: [] });
}

/** What the file a command writes with `--out` must hold: the README's header, and a row per day for each metric it names. */
function expectOutFile(command: ReadmeCommand, file: string, context: string): void {
  expect({ context, written: existsSync(file) }).toEqual({ context, written: true });
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  const metrics = /--metrics (\S+)/.exec(command.text)![1].split(',');
  const days = (Date.parse(/--to (\S+)/.exec(command.text)![1]) - Date.parse(/--from (\S+)/.exec(command.text)![1])) / 86_400_000;
  const counts = metrics.map((m) => lines.filter((l) => l.split(',')[1] === m).length);
  expect({ context, header: lines[0], counts }).toEqual({ context, header: 'timestamp,metric,project,region,value', counts: metrics.map(() => days) });
}

/** The line pulse export ends with on stderr (`pulse export: 182 rows, 26 series to stdout in 0.2 s`). */
const SUMMARY = /^pulse export: \d+ rows, \d+ series to /;

const commands = shellBlocks(README, PART).flatMap((b) => b.commands);

it('finds the examples: an export to a file and one of custom metrics with its answer', () => {
  expect(commands.map((c) => [/--out \S+/.test(c.text), c.answer !== undefined])).toEqual([
    [true, false],
    [false, true],
  ]);
});

/** Runs an export example as written in the examples' directory, with `readmeUrl` made `url`; it must exit 0 with only its summary on stderr. */
async function runExport(command: ReadmeCommand, readmeUrl: string, url: string) {
  const run = await runShell(command.text.split(readmeUrl).join(url), { cwd: examplesDir, env: {}, curlMaxTimeSeconds: 10, stopAfterMs: 40_000 });
  const context = `README line ${command.line}:\n${command.text}\nexit ${run.exitCode}\nstdout: ${run.stdout.slice(0, 2000)}\nstderr: ${run.stderr.slice(0, 2000)}`;
  const complaints = run.stderr.split('\n').filter((l) => l !== '' && !SUMMARY.test(l));
  expect({ context, exitCode: run.exitCode, complaints }).toEqual({ context, exitCode: 0, complaints: [] });
  return { run, context };
}

it.each(commands.map((c) => [`line ${c.line}: ${c.text.split('\n')[0].slice(0, 90)}`, c] as const))('%s', async (_title, command) => {
  const { run, context } = await runExport(command, 'http://127.0.0.1:9090', prometheus.url);
  const out = /--out (\S+)/.exec(command.text)?.[1];
  if (out) expectOutFile(command, join(examplesDir, out), context);
  if (command.answer) expectReadmeRows(command.answer, run.stdout, context);
}, 45_000);

describe('Past one Prometheus: the export against VictoriaMetrics', () => {
  const [compose, exportFromVm, ...more] = shellBlocks(README, '## Past one Prometheus: VictoriaMetrics, Mimir, Thanos').flatMap((b) => b.commands);
  let victoria: VictoriaMetricsHandle;

  beforeAll(async () => {
    victoria = await startVictoriaMetrics();
    await victoria.importSeries(usageHistory(Math.floor(Date.now() / 1000 / HOUR_S) * HOUR_S - DAYS * 24 * HOUR_S));
  }, 60_000);

  afterAll(() => victoria?.stop());

  it('finds the block: compose with the scale profile (not run: it needs Docker), then the export', () => {
    expect([compose.text.includes('docker compose --profile scale up'), exportFromVm.text.startsWith('bin/pulse export '), more]).toEqual([true, true, []]);
  });

  it('exports from VictoriaMetrics as written: a row a day for acme', async () => {
    const { run, context } = await runExport(exportFromVm, 'http://localhost:8428', victoria.url);
    const lines = run.stdout.trimEnd().split('\n');
    const acmeDays = lines.filter((l) => l.includes(',participant_minutes,acme,eu-west,')).length;
    expect({ context, header: lines[0], atLeastAWeek: acmeDays >= 7 }).toEqual({ context, header: 'timestamp,metric,project,region,value', atLeastAWeek: true });
  }, 45_000);
});

it('leaves the checkout as it was', () => {
  expect(gitStatus()).toBe(statusBefore);
});
