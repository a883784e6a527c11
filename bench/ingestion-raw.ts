/**
 * The raw limit of usage ingestion: the same increments Pulse's Lua script makes, sent straight
 * to Redis as a pipelined loop (ioredis, one connection, as Pulse's store uses), per event
 *   HSETNX <seen-bucket> <digest> <now>  (the idempotency digest, in one of 1024 buckets)
 *   HINCRBYFLOAT <totals> <series> <value>
 * and per batch HINCRBY <event-counts> accepted <n>. No HTTP, no JSON, no validation, no key
 * check, no rate limit, no atomicity: what Redis and a Node client can do at most — on one
 * connection, as Pulse's store has, and on one connection per batch in flight.
 * Also the ceiling of Redis itself with its own C client, redis-benchmark, for each command.
 */
import { spawnSync } from 'node:child_process';
import Redis from 'ioredis';
import { redisKeys } from '../exporter/src/store/redis-keys';
import { idDigest } from '../exporter/src/store/redis-seen-ids';
import { seriesField } from '../exporter/src/store/usage-series';
import type { LatencySink } from './batch-loop';
import { closedLoop, type LoadOutcome } from './load';
import { counterBatch } from './usage-events';

export async function rawPipelinedLoop(
  redisUrl: string,
  options: { concurrency: number; connections: number; durationMs: number; batchSize: number; windowMs: number; regions: readonly string[]; runId: string },
  latencies: LatencySink,
): Promise<{ load: LoadOutcome; events: number }> {
  const clients = Array.from({ length: options.connections }, () => new Redis(redisUrl, { lazyConnect: true }));
  await Promise.all(clients.map((client) => client.connect()));
  const keys = redisKeys('bench-raw:');
  let events = 0;
  try {
    const outcome = await closedLoop({ concurrency: options.concurrency, durationMs: options.durationMs }, async (worker, sequence) => {
      const batch = counterBatch({ runId: options.runId, sequence, size: options.batchSize, project: 'bench', regions: options.regions, nowMs: Date.now() });
      const started = performance.now();
      const pipeline = clients[worker % clients.length].pipeline();
      for (const event of batch) {
        const digest = idDigest(event.project, event.id);
        pipeline.hsetnx(`${keys.usageSeen(event.project)}:${digest.readUInt32BE(0) % 1024}`, digest, Date.now());
        pipeline.hincrbyfloat(keys.usageTotals, seriesField(event), event.value);
      }
      pipeline.hincrby(keys.usageEventCounts, 'accepted', batch.length);
      const replies = await pipeline.exec();
      latencies.push(performance.now() - started);
      const failed = replies?.find(([error]) => error !== null);
      if (!replies || failed) throw new Error(`pipeline failed: ${failed?.[0]?.message ?? 'no replies'}`);
      events += batch.length;
      return true;
    });
    return { load: outcome, events };
  } finally {
    for (const client of clients) client.disconnect();
  }
}

/** The process id of a Redis server, from INFO, so its CPU can be read. */
export async function redisPid(redisUrl: string): Promise<number> {
  const redis = new Redis(redisUrl, { lazyConnect: true });
  await redis.connect();
  try {
    const pid = Number(/process_id:(\d+)/.exec(await redis.info('server'))?.[1]);
    if (!Number.isInteger(pid)) throw new Error(`no process_id in INFO of ${redisUrl}`);
    return pid;
  } finally {
    redis.disconnect();
  }
}

/** Requests per second redis-benchmark reaches for one command, or NaN when it cannot run. */
function benchmarkCommand(port: number, options: { clients: number; pipeline: number; requests: number }, command: readonly string[]): number {
  const run = spawnSync(
    'redis-benchmark',
    ['-h', '127.0.0.1', '-p', String(port), '-c', String(options.clients), '-P', String(options.pipeline), '-n', String(options.requests), '-r', '100000000', '--csv', ...command],
    { encoding: 'utf8', timeout: 120_000 },
  );
  // CSV: "test","rps",…; the second line holds the figures.
  const line = run.stdout?.trim().split('\n').find((text) => /^"[^"]*","[\d.]+"/.test(text));
  return line ? Number(line.split(',')[1].replace(/"/g, '')) : Number.NaN;
}

/**
 * Events per second Redis itself could take, driven by its C benchmark client with the same
 * connections and pipeline depth: one SET NX PX and one HINCRBYFLOAT per event, so the pair's
 * rate is 1 / (1/a + 1/b).
 */
export function redisBenchmarkCeiling(port: number, options: { clients: number; pipeline: number; requests: number; windowMs: number }): { set: number; hincrbyfloat: number; events: number } {
  const set = benchmarkCommand(port, options, ['SET', 'bench-rb:seen:__rand_int__', '1', 'PX', String(options.windowMs), 'NX']);
  const hincrbyfloat = benchmarkCommand(port, options, ['HINCRBYFLOAT', 'bench-rb:totals', 'series:__rand_int__', '1.5']);
  return { set, hincrbyfloat, events: 1 / (1 / set + 1 / hincrbyfloat) };
}
