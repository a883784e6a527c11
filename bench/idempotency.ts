/**
 * Section: what the idempotency window costs Redis. Records 5 million never-seen event ids
 * through the Redis store's own script (batches of 1,000, 4 in flight, a 24-hour window) into one
 * redis-server run as docker-compose.yml runs it (appendonly yes, everysec, automatic AOF rewrites
 * once the AOF has grown by a quarter), reads `used_memory`
 * before and after, then restarts Redis on the same files and times the reload of its AOF.
 */
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import Redis from 'ioredis';
import { findRedisServer } from '../common/testing/redis-server';
import { createRedisStore } from '../exporter/src/store/redis-store';
import { freePort } from '../exporter/src/testing/exporter-process';
import type { UsageEvent } from '../exporter/src/usage/types';
import type { Row, SectionResult } from './report';
import type { SectionContext } from './section';
import { cpuSeconds } from './proc-stats';
import { answersPing } from './redis-server';
import { startProcess, type RunningProcess } from './service';

const FULL_IDS = 5_000_000;
const QUICK_IDS = 200_000;
const BATCH = 1000;
const IN_FLIGHT = 4;
const PROJECTS = 10;
const WINDOW_MS = 86_400_000;
const GOAL_BYTES = 40;
const GOAL_RELOAD_SECONDS = 5;
/** As docker-compose.yml runs Redis: the replayed tail of the AOF is at most a quarter of its base (README, "Idempotency in Redis"). */
const AOF_REWRITE_PERCENTAGE = '25';

export async function runIdempotency(ctx: SectionContext): Promise<SectionResult> {
  const ids = ctx.quick ? QUICK_IDS : FULL_IDS;
  const port = await freePort();
  const dataDir = join(ctx.dir, 'redis');
  mkdirSync(dataDir, { recursive: true });
  const url = `redis://127.0.0.1:${port}`;
  const start = (): Promise<RunningProcess> =>
    startProcess(ctx.scope, {
      name: 'redis-server',
      command: findRedisServer(),
      args: ['--port', String(port), '--bind', '127.0.0.1', '--dir', dataDir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'everysec', '--auto-aof-rewrite-percentage', AOF_REWRITE_PERCENTAGE, '--logfile', ''],
      ready: () => answersPing(url),
      readyTimeoutMs: 120_000,
      stopTimeoutMs: 60_000,
    });
  const first = await start();
  const inspector = new Redis(url);
  ctx.scope.defer('close the inspector', () => void inspector.disconnect());
  const before = await usedMemory(inspector);
  await recordIds(url, ids, ctx);
  const after = await usedMemory(inspector);
  inspector.disconnect();
  const bytesPerId = (after - before) / ids;
  ctx.log(`idempotency: ${bytesPerId.toFixed(1)} B per id`);

  const aofBeforeReload = await aofFiles(url);
  const reload = await restart(first, start, ctx.ticks);
  await rewriteAof(url);
  const rewritten = await restart(reload.running, start, ctx.ticks);
  const [reloadSeconds, rewrittenSeconds] = [reload.seconds, rewritten.seconds];
  ctx.log(`idempotency: ${bytesPerId.toFixed(1)} B per id, AOF reload ${reloadSeconds.toFixed(2)} s (CPU ${reload.cpuSeconds.toFixed(2)} s), ${rewrittenSeconds.toFixed(2)} s (CPU ${rewritten.cpuSeconds.toFixed(2)} s) after a rewrite; AOF then: ${aofBeforeReload}`);

  const rows: Row[] = [
    { figure: `idempotency bytes per event id (${ids.toLocaleString('en-US')} ids)`, pulse: `${bytesPerId.toFixed(1)} B`, goal: `≤ ${GOAL_BYTES} B`, met: bytesPerId <= GOAL_BYTES },
    { figure: `AOF reload of ${ids.toLocaleString('en-US')} ids, as automatic rewrites left it`, pulse: `${reloadSeconds.toFixed(2)} s (CPU ${reload.cpuSeconds.toFixed(2)} s)`, goal: `< ${GOAL_RELOAD_SECONDS} s`, met: reloadSeconds < GOAL_RELOAD_SECONDS },
    { figure: `AOF reload of ${ids.toLocaleString('en-US')} ids, just after a rewrite`, pulse: `${rewrittenSeconds.toFixed(2)} s (CPU ${rewritten.cpuSeconds.toFixed(2)} s)`, goal: `< ${GOAL_RELOAD_SECONDS} s`, met: rewrittenSeconds < GOAL_RELOAD_SECONDS },
  ];
  return {
    title: 'Idempotency',
    rows,
    details: [],
    notes: [
      `${ids.toLocaleString('en-US')} distinct event ids over ${PROJECTS} projects recorded through the Redis store's script (batches of ${BATCH}, ${IN_FLIGHT} in flight, a 24-hour window); bytes per id = Redis \`used_memory\` after − before, ÷ ids. Each id is kept as a 16-byte digest with the time it was seen, in per-project bucket hashes of about 48 that Redis keeps as listpacks (exporter/src/store/redis-seen-ids.ts). The issue measured 85–140 B per id with a key per id.`,
      `AOF reload: redis-server stopped (SIGTERM) and started on the same files (appendonly yes, everysec, aof-use-rdb-preamble yes, automatic AOF rewrites once the AOF has grown by ${AOF_REWRITE_PERCENTAGE} % since the last: auto-aof-rewrite-percentage ${AOF_REWRITE_PERCENTAGE}, as docker-compose.yml sets it), timed from the start until it answers PING: the time an exporter sees 503s after a Redis restart. Once as the run left the files (an RDB base from the last automatic rewrite plus the commands since, replayed one by one), once just after BGREWRITEAOF (the base alone: the listpacks load whole).`,
      `The AOF before the first restart: ${aofBeforeReload}. CPU: redis-server's utime + stime from its start until it answers PING.`,
    ],
  };
}

async function recordIds(url: string, ids: number, ctx: SectionContext): Promise<void> {
  const store = createRedisStore({ url, keyPrefix: 'bench-idem:', commandTimeoutMs: 30_000 });
  ctx.scope.defer('close the store', () => store.close());
  const nowMs = Date.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < ids) {
      const first = next;
      next += BATCH;
      const events: UsageEvent[] = [];
      for (let i = first; i < Math.min(first + BATCH, ids); i++) {
        events.push({ id: `evt-${i}-${(i * 2654435761) % 4294967296}`, project: `project-${i % PROJECTS}`, region: 'eu-west', type: 'participant_minutes', value: 1, timestampMs: nowMs });
      }
      const outcome = await store.recordUsage(events, WINDOW_MS);
      if (outcome.accepted.length !== events.length) throw new Error(`batch at ${first}: ${outcome.duplicates.length} false duplicates`);
      if (first % 1_000_000 === 0) ctx.log(`idempotency: ${first.toLocaleString('en-US')} ids recorded`);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
}

async function usedMemory(client: Redis): Promise<number> {
  const info = await client.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1]);
}

/**
 * Stops Redis (SIGTERM: it flushes its AOF) and starts it on the same files; seconds until it
 * answers, and the CPU seconds redis-server used by then (what a loaded machine does not inflate).
 */
async function restart(running: RunningProcess, start: () => Promise<RunningProcess>, ticks: number): Promise<{ seconds: number; cpuSeconds: number; running: RunningProcess }> {
  const stopped = new Promise((resolve) => running.child.once('exit', resolve));
  running.child.kill('SIGTERM');
  await stopped;
  const started = performance.now();
  const restarted = await start();
  return { seconds: (performance.now() - started) / 1000, cpuSeconds: cpuSeconds(restarted.pid, ticks), running: restarted };
}

/** The AOF's parts as the run left them: the base's and the replayed tail's size. */
async function aofFiles(url: string): Promise<string> {
  const client = new Redis(url);
  try {
    const info = await client.info('persistence');
    const field = (name: string): number => Number(new RegExp(`${name}:(\\d+)`).exec(info)?.[1]);
    const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
    return `${mib(field('aof_current_size'))} in all, ${mib(field('aof_base_size'))} of it the base`;
  } finally {
    client.disconnect();
  }
}

/** Rewrites the AOF (an RDB base, no commands after it) and waits until it is done. */
async function rewriteAof(url: string): Promise<void> {
  const client = new Redis(url);
  const rewriting = async (): Promise<boolean> => /aof_rewrite_in_progress:1|aof_rewrite_scheduled:1/.test(await client.info('persistence'));
  try {
    // An automatic rewrite may be running (Redis starts one after loading a long AOF): let it end first.
    while (await rewriting()) await sleep(200);
    await client.bgrewriteaof();
    while (await rewriting()) await sleep(200);
  } finally {
    client.disconnect();
  }
}
