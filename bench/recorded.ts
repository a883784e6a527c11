/**
 * Section "Recorded metrics", row 1: recorded values per second (POST /api/v1/analytics/metrics,
 * batches of 100 new values with ids) beside usage ingestion (POST /api/v1/usage/events, batches
 * of 100 new events) on the same exporter and Redis, in the same run: the two alternate, so load
 * from the rest of the machine weighs on both alike. Goal: recorded ≥ 80 % of the usage rate.
 */
import { measureRecordedRender } from './recorded-render';
import { randomBytes } from 'node:crypto';
import { acceptedBatchLoop } from './batch-loop';
import { BENCH_PROJECT, startBenchExporter, type BenchExporter } from './exporter-setup';
import { createHttpClient, type HttpClient } from './http-client';
import { BATCH_SIZE, CONCURRENCY, pulseLoop, REGIONS } from './ingestion';
import type { LoadOutcome } from './load';
import { measureCpu } from './proc-stats';
import { markdownTable, type Row, type SectionResult } from './report';
import { startBenchRedis } from './redis-server';
import { ms, perSecond, type SectionContext } from './section';
import { startSimulator } from './simulator';
import { summarize } from './stats';

const GOAL_RATIO = 0.8;
/** Names per stored type, each with one label of this many values: 3 × 3 × 10 = 90 series, under the default 1,000. */
const NAMES_PER_TYPE = 3;
const SERVERS = 10;
const TYPES = ['counter', 'gauge', 'histogram'] as const;
type RecordedType = (typeof TYPES)[number];
const NAME_STEM: Readonly<Record<RecordedType, string>> = { counter: 'bench_orders', gauge: 'bench_queue_depth', histogram: 'bench_checkout_seconds' };

type Path = 'usage' | 'recorded';
const PATH_NAMES: Readonly<Record<Path, string>> = {
  usage: 'usage events (POST /api/v1/usage/events)',
  recorded: 'recorded values (POST /api/v1/analytics/metrics)',
};

interface Run {
  readonly path: Path;
  readonly items: number;
  readonly load: LoadOutcome;
  readonly latencies: readonly number[];
  /** CPU seconds over the run: the exporter's and redis-server's (/proc). */
  readonly cpuSeconds: number;
  readonly redisCpuSeconds: number;
}

/** `size` recorded values with ids unique to (runId, sequence): a third each counters, gauges and histograms, over 90 series. */
function recordedBatch(options: { runId: string; sequence: number; size: number }): object[] {
  return Array.from({ length: options.size }, (_, index) => {
    const type = TYPES[index % TYPES.length];
    return {
      id: `${options.runId}-${options.sequence}-${index}`,
      name: `${NAME_STEM[type]}_${Math.floor(index / TYPES.length) % NAMES_PER_TYPE}`,
      type,
      category: 'performance',
      // Histogram values spread over the buckets (0.001 … 9.9).
      value: type === 'histogram' ? ((index * 37) % 100) / 10 + 0.001 : 1 + (index % 7),
      labels: { server: `s${(options.sequence + index) % SERVERS}` },
    };
  });
}

function recordedLoop(client: HttpClient, exporter: BenchExporter, runId: string, durationMs: number, latencies: number[]): Promise<{ load: LoadOutcome; items: number }> {
  return acceptedBatchLoop(
    client,
    {
      url: `${exporter.url}/api/v1/analytics/metrics`,
      key: exporter.projectKey,
      concurrency: CONCURRENCY,
      durationMs,
      batchSize: BATCH_SIZE,
      body: (sequence) => JSON.stringify({ project_id: BENCH_PROJECT, metrics: recordedBatch({ runId, sequence, size: BATCH_SIZE }) }),
    },
    latencies,
  );
}

export async function runRecorded(ctx: SectionContext): Promise<SectionResult> {
  const { scope } = ctx;
  const durationMs = ctx.quick ? 3000 : 8000;
  const rounds = ctx.quick ? 1 : 2;
  const simulator = await startSimulator(scope, [{ code: 'u', latencyMs: 5, jitterMs: 0 }]);
  const client = createHttpClient(CONCURRENCY);
  scope.defer('close the HTTP client', () => client.close());
  const redis = await startBenchRedis(scope, ctx.dir, 'everysec');
  const target = simulator.region('u').healthUrl;
  const exporter = await startBenchExporter(scope, ctx.dir, {
    regions: REGIONS.map((code) => ({ code, target })),
    interval: '15s',
    timeout: '5s',
    maxConcurrentProbes: 8,
    redisUrl: redis.url,
    cpuProfDir: ctx.cpuProfDir,
  });
  const loops: Readonly<Record<Path, (runId: string, runMs: number, latencies: number[]) => Promise<{ load: LoadOutcome; items: number }>>> = {
    usage: async (runId, runMs, latencies) => {
      const { load, events } = await pulseLoop(client, exporter.url, exporter.projectKey, { runId, durationMs: runMs }, latencies);
      return { load, items: events };
    },
    recorded: (runId, runMs, latencies) => recordedLoop(client, exporter, runId, runMs, latencies),
  };

  ctx.log('recorded: warm-up');
  for (const path of ['usage', 'recorded'] as const) await loops[path](`warm-${randomBytes(4).toString('hex')}`, ctx.quick ? 1000 : 3000, []);
  const runs: Run[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const path of ['usage', 'recorded'] as const) {
      ctx.log(`recorded: round ${round + 1}: ${PATH_NAMES[path]}`);
      const latencies: number[] = [];
      const measured = await measureCpu({ exporter: exporter.pid, redis: redis.pid }, ctx.ticks, () => loops[path](randomBytes(6).toString('hex'), durationMs, latencies));
      if (measured.result.load.failed > 0) ctx.log(`  ${measured.result.load.failed} failed, e.g. ${measured.result.load.errors[0]}`);
      runs.push({ path, items: measured.result.items, load: measured.result.load, latencies, cpuSeconds: measured.cpuSeconds.exporter, redisCpuSeconds: measured.cpuSeconds.redis });
    }
  }
  const result = recordedResult(runs);
  // The second row: /metrics with 50,000 recorded series against as many usage series (its own exporters).
  const render = await measureRecordedRender(ctx, { client, target });
  return { ...result, rows: [...result.rows, ...render.rows], notes: [...result.notes, ...render.notes] };
}

const microsPerItem = (cpuSeconds: number, items: number): string => `${((cpuSeconds * 1e6) / items).toFixed(1)} µs`;

/** Items per second over every run of the path (total items ÷ total seconds). */
function rateOf(runs: readonly Run[], path: Path): number {
  const mine = runs.filter((run) => run.path === path);
  return mine.reduce((sum, run) => sum + run.items, 0) / mine.reduce((sum, run) => sum + run.load.elapsedSeconds, 0);
}

function recordedResult(runs: readonly Run[]): SectionResult {
  const recorded = rateOf(runs, 'recorded');
  const usage = rateOf(runs, 'usage');
  const ratio = recorded / usage;
  const rows: Row[] = [
    {
      figure: `recorded values per second, batches of ${BATCH_SIZE}, ${CONCURRENCY} in flight (a third each counters, gauges, histograms)`,
      pulse: perSecond(recorded),
      peerName: 'usage events/s, same exporter and Redis',
      peer: perSecond(usage),
      ratio,
      goal: `≥ ${GOAL_RATIO.toFixed(2)}×`,
      met: ratio >= GOAL_RATIO,
    },
  ];
  const detail = markdownTable(
    ['path', 'items', 'batches', 'failed', 'items/s', 'p50', 'p99', 'CPU pulse-exporter (cores)', 'exporter CPU per item', 'redis-server CPU per item'],
    runs.map((run) => {
      const latency = summarize([...run.latencies]);
      return [
        PATH_NAMES[run.path],
        run.items.toLocaleString('en-US'),
        String(run.load.ok),
        String(run.load.failed),
        perSecond(run.items / run.load.elapsedSeconds),
        ms(latency.p50),
        ms(latency.p99),
        (run.cpuSeconds / run.load.elapsedSeconds).toFixed(2),
        microsPerItem(run.cpuSeconds, run.items),
        microsPerItem(run.redisCpuSeconds, run.items),
      ];
    }),
  );
  return {
    title: 'Recorded metrics',
    rows,
    details: [detail],
    notes: [
      `One pulse-exporter on the Redis store (appendfsync everysec), the declared project's key, ${CONCURRENCY} requests in flight. Recorded: batches of ${BATCH_SIZE} values never sent before (each with an id, so idempotency is on as for usage), a third each counters, gauges and histograms (${TYPES.length * NAMES_PER_TYPE} names × ${SERVERS} label values = ${TYPES.length * NAMES_PER_TYPE * SERVERS} series). Usage: the Ingestion section's batches (${BATCH_SIZE} new counter events over ${REGIONS.length} regions). The two alternate in rounds after a warm-up of each, and every answer is checked to have accepted the whole batch; the rate is total items ÷ total seconds of the path.`,
    ],
  };
}
