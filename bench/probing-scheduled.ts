/**
 * Probes driven by Pulse's own scheduler, as in production: many regions pointing at the same
 * target, probed on their interval with at most CONCURRENCY at once. No request per probe comes
 * in. Each probe's reported duration is read where Pulse keeps it, the probe-state hash of its
 * Redis store (polled by the bench, so the reads cost Pulse nothing and cannot delay its probes);
 * probes are counted by Pulse's own pulse_region_probes_total.
 */
import Redis from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import { redisKeys } from '../exporter/src/store/redis-keys';
import { probeStateField } from '../exporter/src/store/redis-region-state';
import type { ProbeStateRecord } from '../exporter/src/store/types';
import { BENCH_VANTAGE, startBenchExporter, type BenchExporter } from './exporter-setup';
import type { HttpClient } from './http-client';
import type { LoadOutcome } from './load';
import { measureCpu } from './proc-stats';
import { backgroundIngestion, CONCURRENCY, PACED_PER_SECOND, probesCounted, WARM_UP_MS, type Condition, type Mode, type ProbeRun } from './probing-run';
import type { SectionContext } from './section';
import { summarize } from './stats';

/** Regions × interval: paced asks for PACED_PER_SECOND probes/s; saturated asks for far more than CONCURRENCY can give. */
export const SCHEDULER_PLANS: Readonly<Record<Mode, { regions: number; intervalMs: number; timeoutMs: number }>> = {
  paced: { regions: PACED_PER_SECOND / 2, intervalMs: 500, timeoutMs: 400 },
  saturated: { regions: 1000, intervalMs: 200, timeoutMs: 150 },
};
/** Under the shortest time between two probes of one region, so nearly every probe is seen. */
const POLL_INTERVAL_MS = 100;
/** The exporter's default key prefix. */
const PROBE_STATES_KEY = redisKeys('pulse:').probeStates;

export interface ScheduledRig {
  readonly client: HttpClient;
  readonly redisUrl: string;
  readonly targetOf: (delayMs: number) => string;
}

/**
 * Collects each probe's reported duration once, keyed by region and the time it finished. It reads
 * this run's regions only: the hash also holds every region the section's other exporters
 * probed (over a thousand after a saturated run), and reading and parsing all of them every
 * 100 ms cost the bench about 7 ms of CPU a poll (0.4 ms for the 50 regions of a paced run), on
 * the two cores the probes being timed share, in the scheduler's runs only.
 */
function timingCollector(redis: Redis, codes: readonly string[], delayMs: number) {
  const fields = codes.map((code) => probeStateField(code, BENCH_VANTAGE));
  const seen = new Set<string>();
  const errors: number[] = [];
  let stopped = false;
  const pollOnce = async (record: boolean): Promise<void> => {
    for (const json of await redis.hmget(PROBE_STATES_KEY, ...fields)) {
      if (json === null) continue;
      const state = JSON.parse(json) as ProbeStateRecord;
      const key = `${state.region} ${state.lastCheckMs}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (record && state.result.success) errors.push(state.result.durationSeconds * 1000 - delayMs);
    }
  };
  return {
    prime: () => pollOnce(false),
    async run(): Promise<void> {
      while (!stopped) {
        // Once the run has failed and its scope closed the reader, the last poll's error is not news.
        await pollOnce(true).catch((error: unknown) => {
          if (!stopped) throw error;
        });
        await sleep(POLL_INTERVAL_MS);
      }
    },
    stop(): void {
      stopped = true;
    },
    errors,
  };
}

/** The probe counter, stamped with the middle of the request that read it. */
async function countedAt(client: HttpClient, exporter: BenchExporter): Promise<{ success: number; failed: number; atMs: number }> {
  const sent = performance.now();
  const counted = await probesCounted(client, exporter);
  return { ...counted, atMs: (sent + performance.now()) / 2 };
}

export async function measureScheduled(
  ctx: SectionContext,
  rig: ScheduledRig,
  run: { delayMs: number; mode: Mode; condition: Condition; durationMs: number },
): Promise<ProbeRun> {
  const scope = ctx.scope.child();
  try {
    const plan = SCHEDULER_PLANS[run.mode];
    const regions = Array.from({ length: plan.regions }, (_, index) => ({ code: `s${index}`, target: rig.targetOf(run.delayMs) }));
    const exporter = await startBenchExporter(scope, ctx.dir, {
      regions,
      interval: `${plan.intervalMs}ms`,
      timeout: `${plan.timeoutMs}ms`,
      maxConcurrentProbes: CONCURRENCY,
      redisUrl: rig.redisUrl,
      cpuProfDir: ctx.cpuProfDir,
    });
    // Warm-up: the exporter is fresh (WARM_UP_MS says why this long); the ingestion runs through it too.
    const warmUpMs = ctx.quick ? WARM_UP_MS.quick : WARM_UP_MS.full;
    let background: Promise<LoadOutcome> | undefined;
    if (run.condition === 'ingesting') background = backgroundIngestion(rig.client, exporter, ['s0', 's1'], warmUpMs + run.durationMs + (ctx.quick ? 1000 : 1500));
    await sleep(warmUpMs);
    const redis = new Redis(rig.redisUrl, { lazyConnect: true });
    await redis.connect();
    scope.defer('close the Redis reader', () => redis.quit());
    const timings = timingCollector(redis, regions.map((region) => region.code), run.delayMs);
    await timings.prime();
    const before = await countedAt(rig.client, exporter);
    const polling = timings.run();
    let measured: Awaited<ReturnType<typeof measureCpu<void>>>;
    let after: Awaited<ReturnType<typeof countedAt>>;
    try {
      measured = await measureCpu({ probing: exporter.pid }, ctx.ticks, () => sleep(run.durationMs));
      after = await countedAt(rig.client, exporter);
    } finally {
      // Stopped before the scope closes the reader, so a failed run is reported as such, not as a Redis error.
      timings.stop();
      await polling;
    }
    const backgroundOutcome = await background;
    if (backgroundOutcome && backgroundOutcome.failed > 0) ctx.log(`  background ingestion: ${backgroundOutcome.failed} failed, e.g. ${backgroundOutcome.errors[0]}`);
    // The counter is read just outside the CPU window; its rate between the two reads, times the
    // window, is the probes the window holds.
    const share = measured.wallSeconds / ((after.atMs - before.atMs) / 1000);
    return {
      driver: 'pulse-scheduler',
      delayMs: run.delayMs,
      mode: run.mode,
      condition: run.condition,
      probes: Math.round((after.success - before.success) * share),
      failed: Math.round((after.failed - before.failed) * share),
      wallSeconds: measured.wallSeconds,
      cpuSeconds: measured.cpuSeconds.probing,
      error: summarize(timings.errors),
    };
  } finally {
    await scope.close();
  }
}
