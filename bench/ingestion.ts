/**
 * Section 3, ingestion: POST /api/v1/usage/events (batches of 100 new events, Redis store,
 * idempotency on, a project key, 16 requests in flight) against the raw limit — the same
 * increments pipelined straight into the same Redis (see ingestion-raw.ts). Redis runs as
 * docker-compose.yml runs it (appendfsync everysec); the full run repeats both paths with
 * appendfsync always, the README's lose-nothing setting.
 */
import { randomBytes } from 'node:crypto';
import { acceptedBatchLoop, type LatencySink } from './batch-loop';
import { BENCH_PROJECT, SMALL_FOOTPRINT_FLAGS, startBenchExporter, type BenchExporter } from './exporter-setup';
import { createHttpClient, type HttpClient } from './http-client';
import { rawPipelinedLoop, redisBenchmarkCeiling } from './ingestion-raw';
import { type LoadOutcome } from './load';
import { measureCpu } from './proc-stats';
import { markdownTable, type Row, type SectionResult } from './report';
import { startBenchRedis, type AppendFsync, type BenchRedis } from './redis-server';
import { overlapsAny, watchRewrites, type RewriteFacts } from './redis-rewrites';
import { ms, perSecond, type SectionContext } from './section';
import { startSimulator } from './simulator';
import { summarize, type Summary } from './stats';
import { batchBody, counterBatch } from './usage-events';

/** Items per request and requests in flight: the recorded-metrics section sends the same. */
export const BATCH_SIZE = 100;
export const CONCURRENCY = 16;
const WINDOW_MS = 3_600_000;
/** Region codes the usage batches spread over (all probing one simulated region). */
export const REGIONS = ['u0', 'u1', 'u2', 'u3'];

/** pulse-small: the exporter in its small-footprint mode (everysec, full run only). */
type Path = 'pulse' | 'pulse-small' | 'raw' | 'raw-pool';

interface IngestionRun {
  readonly path: Path;
  readonly fsync: AppendFsync;
  readonly events: number;
  readonly load: LoadOutcome;
  readonly latency: Summary;
  /** CPU seconds per process over the run. */
  readonly cpu: Readonly<Record<string, number>>;
  /** Redis's AOF rewrites during the run, and the batches that overlapped none of them. */
  readonly rewrites: RewriteFacts;
  readonly outsideRewrites: Summary;
}

interface Ceiling {
  readonly set: number;
  readonly hincrbyfloat: number;
  readonly events: number;
}

const PATH_NAMES: Readonly<Record<Path, string>> = {
  pulse: 'pulse-exporter',
  'pulse-small': 'pulse-exporter, small-footprint mode',
  raw: 'raw Redis, ioredis pipelines on 1 connection',
  'raw-pool': `raw Redis, ioredis pipelines on ${CONCURRENCY} connections`,
};
const eventsPerSecond = (run: IngestionRun): number => run.events / run.load.elapsedSeconds;

/** Batches of new events to Pulse; every answer must have accepted the whole batch. */
export async function pulseLoop(client: HttpClient, url: string, key: string, options: { runId: string; durationMs: number }, latencies: LatencySink): Promise<{ load: LoadOutcome; events: number }> {
  const { load, items } = await acceptedBatchLoop(
    client,
    {
      url: `${url}/api/v1/usage/events`,
      key,
      concurrency: CONCURRENCY,
      durationMs: options.durationMs,
      batchSize: BATCH_SIZE,
      body: (sequence) => batchBody(counterBatch({ runId: options.runId, sequence, size: BATCH_SIZE, project: BENCH_PROJECT, regions: REGIONS, nowMs: Date.now() })),
    },
    latencies,
  );
  return { load, events: items };
}

async function measureWithFsync(ctx: SectionContext, fsync: AppendFsync, target: string, client: HttpClient, durationMs: number): Promise<{ runs: IngestionRun[]; redis: BenchRedis }> {
  const scope = ctx.scope.child();
  try {
    const redis = await startBenchRedis(scope, ctx.dir, fsync);
    const startPulse = (nodeFlags?: string) =>
      startBenchExporter(scope, ctx.dir, { regions: REGIONS.map((code) => ({ code, target })), interval: '15s', timeout: '5s', maxConcurrentProbes: 8, redisUrl: redis.url, cpuProfDir: ctx.cpuProfDir, nodeFlags });
    const pulse = await startPulse();
    // The small-footprint mode's cost in throughput, beside its memory (memory section).
    const small = fsync === 'everysec' && !ctx.quick ? await startPulse(SMALL_FOOTPRINT_FLAGS) : undefined;
    const viaPulse = (exporter: BenchExporter) => (runId: string, runMs: number, latencies: LatencySink) => pulseLoop(client, exporter.url, exporter.projectKey, { runId, durationMs: runMs }, latencies);
    const raw = (connections: number) => (runId: string, runMs: number, latencies: LatencySink) =>
      rawPipelinedLoop(redis.url, { concurrency: CONCURRENCY, connections, durationMs: runMs, batchSize: BATCH_SIZE, windowMs: WINDOW_MS, regions: REGIONS, runId }, latencies);
    const paths = { pulse: viaPulse(pulse), 'pulse-small': viaPulse(small ?? pulse), raw: raw(1), 'raw-pool': raw(CONCURRENCY) };

    ctx.log(`ingestion: appendfsync ${fsync}: warm-up`);
    await paths.pulse(`warm-${randomBytes(4).toString('hex')}`, ctx.quick ? 1000 : 3000, []);
    if (small) await paths['pulse-small'](`warm-${randomBytes(4).toString('hex')}`, 3000, []);
    await paths['raw-pool'](`warm-${randomBytes(4).toString('hex')}`, 1000, []);
    const runs: IngestionRun[] = [];
    const measuredPaths: Path[] = small ? ['pulse', 'pulse-small', 'raw', 'raw-pool'] : ['pulse', 'raw', 'raw-pool'];
    for (const path of measuredPaths) {
      ctx.log(`ingestion: appendfsync ${fsync}: ${PATH_NAMES[path]}`);
      const batches = timedBatches();
      const runId = randomBytes(6).toString('hex');
      const exporterPid = path === 'pulse-small' && small ? small.pid : pulse.pid;
      const pids = { 'pulse-exporter': exporterPid, 'redis-server': redis.pid, 'load generator': process.pid };
      const rewriteWatch = await watchRewrites(redis.url, redis.pid, ctx.ticks);
      const measured = await measureCpu(pids, ctx.ticks, () => paths[path](runId, durationMs, batches));
      const rewrites = await rewriteWatch.stop();
      if (measured.result.load.failed > 0) ctx.log(`  ${measured.result.load.failed} failed, e.g. ${measured.result.load.errors[0]}`);
      const outside = batches.latencies.filter((ms, index) => !overlapsAny(rewrites.windows, batches.endedAt[index], ms));
      runs.push({ path, fsync, events: measured.result.events, load: measured.result.load, latency: summarize(batches.latencies), cpu: measured.cpuSeconds, rewrites, outsideRewrites: summarize(outside) });
    }
    return { runs, redis };
  } finally {
    await scope.close();
  }
}

/** Each batch's latency with the moment it ended (performance.now()). */
function timedBatches(): LatencySink & { latencies: number[]; endedAt: number[] } {
  const latencies: number[] = [];
  const endedAt: number[] = [];
  return {
    latencies,
    endedAt,
    push(ms: number) {
      latencies.push(ms);
      endedAt.push(performance.now());
    },
  };
}

export async function runIngestion(ctx: SectionContext): Promise<SectionResult> {
  const { scope } = ctx;
  const durationMs = ctx.quick ? 3000 : 12_000;
  const simulator = await startSimulator(scope, [{ code: 'u', latencyMs: 5, jitterMs: 0 }]);
  const client = createHttpClient(CONCURRENCY);
  scope.defer('close the HTTP client', () => client.close());
  const runs: IngestionRun[] = [];
  for (const fsync of ctx.quick ? (['everysec'] as const) : (['everysec', 'always'] as const)) {
    const measured = await measureWithFsync(ctx, fsync, simulator.region('u').healthUrl, client, durationMs);
    runs.push(...measured.runs);
  }
  // The ceiling on a Redis of its own, so its keys do not weigh on the runs above.
  const ceilingScope = scope.child();
  const redis = await startBenchRedis(ceilingScope, ctx.dir, 'everysec');
  ctx.log('ingestion: redis-benchmark ceiling');
  const ceiling = redisBenchmarkCeiling(redis.port, { clients: CONCURRENCY, pipeline: 2 * BATCH_SIZE, requests: ctx.quick ? 200_000 : 1_000_000, windowMs: WINDOW_MS });
  await ceilingScope.close();
  return ingestionResult(runs, ceiling);
}

function find(runs: readonly IngestionRun[], path: Path, fsync: AppendFsync): IngestionRun | undefined {
  return runs.find((run) => run.path === path && run.fsync === fsync);
}

/** The raw limit is the faster of the two raw paths: the goal is read against what Redis can take. */
function rawLimit(runs: readonly IngestionRun[], fsync: AppendFsync): IngestionRun | undefined {
  const candidates = [find(runs, 'raw', fsync), find(runs, 'raw-pool', fsync)].filter((run): run is IngestionRun => run !== undefined);
  return candidates.sort((a, b) => eventsPerSecond(b) - eventsPerSecond(a))[0];
}

function summaryRows(runs: readonly IngestionRun[], fsync: AppendFsync, path: 'pulse' | 'pulse-small' = 'pulse'): Row[] {
  const pulse = find(runs, path, fsync);
  const raw = rawLimit(runs, fsync);
  if (!pulse || !raw) return [];
  const goals = fsync === 'everysec';
  const mode = path === 'pulse-small' ? ', small-footprint mode' : '';
  const ratio = eventsPerSecond(pulse) / eventsPerSecond(raw);
  const peerName = PATH_NAMES[raw.path];
  return [
    {
      figure: `events per second, batches of ${BATCH_SIZE}, ${CONCURRENCY} in flight, appendfsync ${fsync}${mode}`,
      pulse: perSecond(eventsPerSecond(pulse)),
      peerName,
      peer: perSecond(eventsPerSecond(raw)),
      ratio,
      ...(goals && { goal: '≥ 0.80×', met: ratio >= 0.8 }),
    },
    {
      figure: `latency per batch of ${BATCH_SIZE}, appendfsync ${fsync}${mode}: p99 (p50)`,
      pulse: `${ms(pulse.latency.p99)} (${ms(pulse.latency.p50)})`,
      peerName,
      peer: `${ms(raw.latency.p99)} (${ms(raw.latency.p50)})`,
      ratio: pulse.latency.p99 / raw.latency.p99,
      ...(goals && { goal: 'Pulse p99 < 50 ms', met: pulse.latency.p99 < 50 }),
    },
  ];
}

function ingestionResult(runs: readonly IngestionRun[], ceiling: Ceiling): SectionResult {
  const pulse = find(runs, 'pulse', 'everysec');
  const rows: Row[] = [...summaryRows(runs, 'everysec'), ...summaryRows(runs, 'everysec', 'pulse-small'), ...summaryRows(runs, 'always')];
  if (pulse) {
    rows.push({
      figure: 'Redis alone with its C client (redis-benchmark), events/s, for scale',
      pulse: perSecond(eventsPerSecond(pulse)),
      peerName: 'redis-benchmark',
      peer: perSecond(ceiling.events),
      ratio: eventsPerSecond(pulse) / ceiling.events,
    });
  }
  const cpuNames = Object.keys(runs[0]?.cpu ?? {});
  const detail = markdownTable(
    ['appendfsync', 'path', 'events', 'batches', 'failed', 'events/s', 'p50', 'p99', 'max', ...cpuNames.map((name) => `CPU ${name} (cores)`), 'AOF rewrites', 'CPU rewrite children (cores)', 'batches during rewrites', 'p99 (p50) of the others'],
    runs.map((run) => [
      run.fsync,
      PATH_NAMES[run.path],
      run.events.toLocaleString('en-US'),
      String(run.load.ok),
      String(run.load.failed),
      perSecond(eventsPerSecond(run)),
      ms(run.latency.p50),
      ms(run.latency.p99),
      ms(run.latency.max),
      ...cpuNames.map((name) => (run.cpu[name] / run.load.elapsedSeconds).toFixed(2)),
      String(run.rewrites.rewrites),
      (run.rewrites.childCpuSeconds / run.load.elapsedSeconds).toFixed(2),
      `${(100 * (1 - run.outsideRewrites.count / Math.max(1, run.latency.count))).toFixed(0)} %`,
      `${ms(run.outsideRewrites.p99)} (${ms(run.outsideRewrites.p50)})`,
    ]),
  );
  return {
    title: 'Ingestion',
    rows,
    details: [detail, `redis-benchmark, ${CONCURRENCY} connections, pipeline ${2 * BATCH_SIZE}, appendfsync everysec: SET NX PX ${perSecond(ceiling.set)}, HINCRBYFLOAT ${perSecond(ceiling.hincrbyfloat)}; one of each per event: ${perSecond(ceiling.events)}.`],
    notes: [
      `Pulse: POST /api/v1/usage/events with the project key, ${CONCURRENCY} requests in flight for the run, batches of ${BATCH_SIZE} events never seen before (4 counter types over 4 regions), the Redis store, idempotency on; every answer is checked to have accepted all ${BATCH_SIZE}. Latency: request sent to the last byte of the answer.`,
      `Raw limit: the same increments without Pulse — per event HSETNX of the id's digest into one of 1,024 seen-id buckets and HINCRBYFLOAT on the series total, per batch one HINCRBY of the accepted count — as ioredis pipelines of one batch each, ${CONCURRENCY} in flight, into the same Redis: on one connection (as Pulse's store has) and on ${CONCURRENCY} connections (one per batch in flight). The goal is read against the faster of the two. Pulse makes the same writes inside one Lua script per batch (atomic, all or nothing), and does what the pipelines leave out: HTTP, JSON, the key check, validation of every event, the rate-limit counter.`,
      'Redis: appendonly yes with appendfsync everysec, as docker-compose.yml runs it (the goals are read there); with appendfsync always (the README\'s lose-nothing setting, full run only) Redis fsyncs before it answers, so both paths wait on the disk.',
      `AOF rewrites: Redis rewrites its append-only file once it has grown past auto-aof-rewrite-min-size (64 MB) and doubled since the last rewrite (Redis's defaults; docker-compose.yml rewrites at a quarter's growth), forking a child that writes the whole dataset; Pulse writes about 160 AOF bytes per event (its script's effects), the raw paths about 190, so at these rates every path meets a few. Counted from INFO persistence (aof_rewrites), seen running by polling it every 50 ms; a batch that overlapped a rewrite window (widened by one poll each side) is "during"; the children's CPU is what Redis reaped during the run (its cutime + cstime in /proc).`,
      'The redis-benchmark row is Redis driven by its own C client, 16 connections: a ceiling neither Node client reaches, for scale only.',
      `Small-footprint mode (full run): a second exporter on the same Redis started with PULSE_NODE_FLAGS=${SMALL_FOOTPRINT_FLAGS}, measured after the default one; the memory section shows what it saves.`,
    ],
  };
}
