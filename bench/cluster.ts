/**
 * Section: usage ingestion on a Redis Cluster (three masters, three replicas: the test harness)
 * beside one Redis, in the same run: the same exporter build, the same load (batches of 100 new
 * events, each batch one of 1,000 projects, 16 in flight), both Redis set to lose nothing
 * (appendfsync always). Rounds alternate between the two, so load on the machine weighs on both
 * alike. On the cluster, `INFO commandstats` of each master (reset before the cluster's rounds)
 * shows how evenly the projects' shards spread the work.
 */
import Redis from 'ioredis';
import { startRedisCluster, type RedisClusterHandle } from '../common/testing/redis-cluster';
import type { RedisServerHandle } from '../common/testing/redis-server';
import { startBenchExporter, patternProject, type BenchExporter } from './exporter-setup';
import { createHttpClient, type HttpClient } from './http-client';
import { closedLoop } from './load';
import type { Row, SectionResult } from './report';
import { startBenchRedis } from './redis-server';
import { cpuSeconds } from './proc-stats';
import { perSecond, type SectionContext } from './section';
import { startSimulator } from './simulator';
import { batchBody, counterBatch } from './usage-events';

const BATCH_SIZE = 100;
const CONCURRENCY = 16;
const PROJECTS = 1000;
const REGIONS = ['u0', 'u1', 'u2', 'u3'];
const GOAL_RATIO = 0.8;
const GOAL_SPREAD = 1.3;

type Target = 'single' | 'cluster';

export async function runCluster(ctx: SectionContext): Promise<SectionResult> {
  const { scope } = ctx;
  const roundMs = ctx.quick ? 4000 : 10_000;
  const rounds = ctx.quick ? 1 : 3;
  const simulator = await startSimulator(scope, [{ code: 'u', latencyMs: 5, jitterMs: 0 }]);
  const client = createHttpClient(CONCURRENCY);
  scope.defer('close the HTTP client', () => client.close());
  const cluster = await startRedisCluster();
  scope.defer('stop the Redis Cluster', () => cluster.dispose());
  const single = await startBenchRedis(scope, ctx.dir, 'always');
  const exporterOptions = { regions: REGIONS.map((code) => ({ code, target: simulator.region('u').healthUrl })), interval: '15s', timeout: '5s', maxConcurrentProbes: 8, patternProjects: PROJECTS, cpuProfDir: ctx.cpuProfDir };
  const exporters: Record<Target, BenchExporter> = {
    single: await startBenchExporter(scope, ctx.dir, { ...exporterOptions, redisUrl: single.url }),
    cluster: await startBenchExporter(scope, ctx.dir, { ...exporterOptions, redisClusterNodes: cluster.seeds }),
  };
  const masters = await mastersOf(cluster);
  const events: Record<Target, number> = { single: 0, cluster: 0 };
  const seconds: Record<Target, number> = { single: 0, cluster: 0 };
  const cpu: Record<Target, number> = { single: 0, cluster: 0 };
  const errors: string[] = [];
  await resetStats(masters);
  for (let round = 0; round < rounds; round++) {
    for (const target of ['single', 'cluster'] as const) {
      const cpuBefore = cpuSeconds(exporters[target].pid, ctx.ticks);
      const run = await ingest(client, exporters[target], `${target}${round}`, roundMs);
      cpu[target] += cpuSeconds(exporters[target].pid, ctx.ticks) - cpuBefore;
      events[target] += run.events;
      seconds[target] += run.seconds;
      errors.push(...run.errors);
      ctx.log(`cluster: round ${round + 1}, ${target}: ${perSecond(run.events / run.seconds)} events`);
    }
  }
  const calls = await commandCalls(masters);
  const rate = { single: events.single / seconds.single, cluster: events.cluster / seconds.cluster };
  const ratio = rate.cluster / rate.single;
  const spread = Math.max(...calls) / Math.min(...calls);
  // CPU per event: what a loaded machine inflates least (the exporter is the limit on 2 cores).
  const cpuMsPerThousand = { single: (cpu.single / events.single) * 1e6, cluster: (cpu.cluster / events.cluster) * 1e6 };
  const rows: Row[] = [
    { figure: 'usage ingestion on a Redis Cluster (3 masters, 3 replicas), events/s', pulse: perSecond(rate.cluster), peer: perSecond(rate.single), peerName: 'one Redis', ratio, goal: `≥ ${GOAL_RATIO}× one Redis`, met: ratio >= GOAL_RATIO },
    { figure: 'Redis Cluster: exporter CPU per 1,000 events', pulse: `${cpuMsPerThousand.cluster.toFixed(1)} ms`, peer: `${cpuMsPerThousand.single.toFixed(1)} ms`, peerName: 'one Redis', ratio: cpuMsPerThousand.cluster / cpuMsPerThousand.single },
    { figure: 'Redis Cluster: commands per master, largest ÷ smallest', pulse: `${spread.toFixed(2)} (${calls.map((count) => count.toLocaleString('en-US')).join(' / ')})`, goal: `≤ ${GOAL_SPREAD}`, met: spread <= GOAL_SPREAD },
  ];
  return {
    title: 'Redis Cluster',
    rows,
    details: [],
    notes: [
      `The same compiled exporter twice, one on one redis-server, one on a Redis Cluster of three masters with a replica each (common/testing/redis-cluster.ts), all on this machine; every node appendonly yes, appendfsync always. Load: closed loop, ${CONCURRENCY} batches in flight, each ${BATCH_SIZE} new events of one pattern project (p0 … p${PROJECTS - 1} in turn), ${rounds} round(s) of ${roundMs / 1000} s per store, alternating; every batch must be accepted whole. On the cluster a batch is acknowledged once a replica holds it (WAIT), one Redis acknowledges on its own.`,
      "Exporter CPU: the pulse-exporter process's utime + stime over its rounds (/proc/<pid>/stat, every thread), ÷ the events it accepted.",
      'Commands per master: the sum of `calls` over `INFO commandstats` of each master (reset before the first round), which counts the commands scripts run too, and the change-feed reads of the exporter. The usage shards are spread evenly over the slot space; the projects over the shards by CRC16 of their names.',
      ...(errors.length > 0 ? [`Failed batches (first few): ${errors.slice(0, 3).join('; ')}`] : []),
    ],
  };
}

async function ingest(client: HttpClient, exporter: BenchExporter, runId: string, durationMs: number): Promise<{ events: number; seconds: number; errors: readonly string[] }> {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${exporter.patternKey}` };
  let events = 0;
  const load = await closedLoop({ concurrency: CONCURRENCY, durationMs }, async (_worker, sequence) => {
    const project = patternProject(sequence % PROJECTS);
    const body = batchBody(counterBatch({ runId, sequence, size: BATCH_SIZE, project, regions: REGIONS, nowMs: Date.now() }));
    const answer = await client.request(`${exporter.url}/api/v1/usage/events`, { method: 'POST', headers, body });
    if (answer.status !== 200) throw new Error(`HTTP ${answer.status} ${answer.body.toString('utf8').slice(0, 200)}`);
    const { accepted } = JSON.parse(answer.body.toString('utf8')) as { accepted: number };
    if (accepted !== BATCH_SIZE) throw new Error(`accepted ${accepted} of ${BATCH_SIZE} new events`);
    events += accepted;
    return true;
  });
  return { events, seconds: load.elapsedSeconds, errors: load.errors };
}

async function mastersOf(cluster: RedisClusterHandle): Promise<RedisServerHandle[]> {
  // Slots 0, 8192 and 16383 lie in the three masters' ranges, as `redis-cli --cluster create` splits them.
  return Promise.all([0, 8192, 16383].map((slot) => cluster.masterOf(slot)));
}

async function onEach<T>(nodes: readonly RedisServerHandle[], run: (client: Redis) => Promise<T>): Promise<T[]> {
  return Promise.all(
    nodes.map(async (node) => {
      const client = new Redis(node.url);
      try {
        return await run(client);
      } finally {
        client.disconnect();
      }
    }),
  );
}

const resetStats = (masters: readonly RedisServerHandle[]): Promise<unknown[]> => onEach(masters, (client) => client.config('RESETSTAT'));

/** Per master, every command it ran since the reset (cmdstat_*:calls=N summed). */
function commandCalls(masters: readonly RedisServerHandle[]): Promise<number[]> {
  return onEach(masters, async (client) => {
    const stats = await client.info('commandstats');
    return [...stats.matchAll(/^cmdstat_[^:]+:calls=(\d+)/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
  });
}
