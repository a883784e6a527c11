/**
 * Analytics API, export rows: the same range of one project's usage exported by an export job
 * (POST /api/v1/analytics/export, compiled pulse-exporter, Redis store) and by `pulse export`
 * (compiled), both reading one Prometheus backfilled with promtool. Rows per second of each, from
 * their own clocks: the job's created_at → completed updated_at (the exporter's, including the
 * write of the file to Redis), the CLI's own summary time (process start-up excluded on both).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { backfillOpenMetrics, startPrometheus, toOpenMetrics, type BackfillSeries } from '../common/testing/prometheus-server';
import { USAGE_METRICS } from '../export/src/usage-metrics';
import { BENCH_PROJECT, startBenchExporter, type BenchExporter } from './exporter-setup';
import { startBenchRedis } from './redis-server';
import type { Row } from './report';
import { perSecond, type SectionContext } from './section';
import { summarize } from './stats';

const DAY_S = 86_400;
const SAMPLE_S = 900;
const START_S = Date.UTC(2026, 9, 1) / 1000; // 2026-10-01
const GOAL_ROWS_PER_SECOND = 100_000;
const ROOT = join(__dirname, '..');

const day = (offset: number): string => new Date((START_S + offset * DAY_S) * 1000).toISOString().slice(0, 10);

/** Every usage series of the bench project in every region, sampled every 15 minutes. */
function history(regions: readonly string[], days: number): BackfillSeries[] {
  return USAGE_METRICS.flatMap((metric, m) =>
    regions.map((region, r) => ({
      name: metric.name,
      type: metric.kind,
      labels: { instance: 'bench:9470', job: 'pulse-exporter', project: BENCH_PROJECT, region },
      samples: Array.from({ length: (days * DAY_S) / SAMPLE_S + 1 }, (_, i) => [START_S + i * SAMPLE_S, (m + 1) * 1000 + (r + 1) * i * 3] as const),
    })),
  );
}

interface Timed {
  readonly rows: number;
  readonly seconds: number;
}

async function exportJob(exporter: BenchExporter, query: string): Promise<Timed & { file: string }> {
  const headers = { authorization: `Bearer ${exporter.projectKey}` };
  const started = (await (await fetch(`${exporter.url}/api/v1/analytics/export/${BENCH_PROJECT}?${query}`, { method: 'POST', headers })).json()) as { export_id?: string; error?: string };
  if (!started.export_id) throw new Error(`export refused: ${started.error}`);
  for (;;) {
    const status = (await (await fetch(`${exporter.url}/api/v1/analytics/export/status/${started.export_id}`, { headers })).json()) as {
      status: string;
      rows: number;
      error: string | null;
      created_at: string;
      updated_at: string;
      file_url: string;
    };
    if (status.status === 'failed') throw new Error(`export job failed: ${status.error}`);
    if (status.status === 'completed') {
      const file = await (await fetch(`${exporter.url}${status.file_url}`, { headers })).text();
      return { rows: status.rows, seconds: (Date.parse(status.updated_at) - Date.parse(status.created_at)) / 1000, file };
    }
    await sleep(10);
  }
}

function pulseExport(args: readonly string[]): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(ROOT, 'bin/pulse'), ['export', ...args], { env: { ...process.env, PULSE_DIST: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => {
      const summary = /pulse export: (\d+) rows, .* in (\d+\.\d) s/.exec(stderr);
      if (code !== 0 || !summary) reject(new Error(`pulse export exited with ${code}: ${stderr}`));
      else resolve({ rows: Number(summary[1]), seconds: Number(summary[2]) });
    });
  });
}

export async function measureExportRows(ctx: SectionContext): Promise<{ rows: Row[]; notes: string[] }> {
  const days = ctx.quick ? 2 : 14;
  const regions = Array.from({ length: ctx.quick ? 10 : 60 }, (_, i) => `r${i}`);
  const runs = ctx.quick ? 2 : 5;
  ctx.log(`analytics: backfilling ${days} days of ${regions.length} regions × ${USAGE_METRICS.length} usage types`);
  const dataDir = join(ctx.dir, 'prometheus');
  await backfillOpenMetrics(toOpenMetrics(history(regions, days)), dataDir);
  const prometheus = await startPrometheus({ dataDir });
  ctx.scope.defer('stop Prometheus', () => prometheus.stop());
  const redis = await startBenchRedis(ctx.scope, ctx.dir);
  const exporter = await startBenchExporter(ctx.scope, ctx.dir, {
    regions: regions.map((code) => ({ code, target: 'http://127.0.0.1:1/health' })),
    interval: '1h',
    timeout: '1s',
    maxConcurrentProbes: 4,
    redisUrl: redis.url,
    extraConfig: { exports: { prometheus_url: prometheus.url } },
  });
  const range = { from: day(0), to: day(days - 1), toExclusive: day(days) };
  const cliArgs = [`--prometheus.url=${prometheus.url}`, `--from=${range.from}`, `--to=${range.toExclusive}`, `--project=${BENCH_PROJECT}`, '--step=1h'];
  const query = `export_type=csv&date_from=${range.from}&date_to=${range.to}`;

  ctx.log('analytics: warm-up, and the job\'s file against pulse export\'s');
  const warm = await exportJob(exporter, query);
  const out = join(ctx.dir, 'cli.csv');
  await pulseExport([...cliArgs, `--out=${out}`]);
  const identical = warm.file === readFileSync(out, 'utf8');
  const job: Timed[] = [];
  const cli: Timed[] = [];
  for (let run = 0; run < runs; run++) {
    ctx.log(`analytics: export run ${run + 1}/${runs} (${warm.rows.toLocaleString('en-US')} rows)`);
    job.push(await exportJob(exporter, query));
    cli.push(await pulseExport([...cliArgs, `--out=${out}`]));
  }
  const rate = (timed: readonly Timed[]) => summarize(timed.map((t) => t.rows / Math.max(t.seconds, 0.001))).p50;
  const jobRate = rate(job);
  const cliRate = rate(cli);
  return {
    rows: [
      {
        figure: `export rows per second, ${days} days × ${regions.length} regions × ${USAGE_METRICS.length} types hourly (${warm.rows.toLocaleString('en-US')} rows), median of ${runs}`,
        pulse: perSecond(jobRate),
        peer: perSecond(cliRate),
        peerName: 'pulse export',
        ratio: jobRate / cliRate,
        goal: `≥ ${GOAL_ROWS_PER_SECOND.toLocaleString('en-US')}/s`,
        met: jobRate >= GOAL_ROWS_PER_SECOND,
      },
      { figure: "the export job's file equals pulse export's for the range", pulse: identical ? 'yes' : 'no', goal: 'yes', met: identical },
    ],
    notes: [
      "Export rows: the job's time is the exporter's own (created_at to the completed job's updated_at: Prometheus queries, formatting, and the file written to Redis); pulse export's is its summary line's (flags parsed to file closed). Neither counts process start-up or the client's polling.",
      `pulse export's time has 0.1 s resolution; at ${warm.rows.toLocaleString('en-US')} rows that bounds its rate's precision.`,
    ],
  };
}
