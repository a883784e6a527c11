/**
 * Section 1, probing: pulse-exporter and blackbox_exporter probe the same simulator targets
 * (injected delays of exactly 0 and 50 ms), each probe on a fresh connection, at the same
 * concurrency; CPU is each process's own utime+stime over the run. Pulse is measured twice:
 * driven by its scheduler (its production path) and driven one request per probe (the way
 * Prometheus drives blackbox_exporter).
 */
import { startBenchExporter } from './exporter-setup';
import { createHttpClient } from './http-client';
import { closedLoop } from './load';
import { startBlackbox, writeBlackboxConfig } from './peers';
import { measureOnRequest, onRequestRegion, probeOnRequest, type OnRequestRig } from './probing-on-request';
import { probingResult } from './probing-report';
import { CONCURRENCY, DELAYS_MS, PACED_RUN_MS, WARM_UP_MS, type Driver, type ProbeRun } from './probing-run';
import { measureScheduled } from './probing-scheduled';
import type { SectionResult } from './report';
import type { SectionContext } from './section';
import { startBenchRedis } from './redis-server';
import { startSimulator } from './simulator';

const PROBE_TIMEOUT_S = 5;

export async function runProbing(ctx: SectionContext): Promise<SectionResult> {
  const { scope } = ctx;
  // A p99 of 600 probes (6 s at 100 probes/s) is the sixth slowest: one stall of the machine decides
  // it, and two runs of the same code read 3.4 and 4.4 ms. The paced runs that give the timing rows
  // take 20 s (2,000 probes, the 20th slowest); the saturated ones measure CPU, for which 6 s holds.
  const durationOf = (mode: 'saturated' | 'paced'): number => (ctx.quick ? 1500 : mode === 'paced' ? PACED_RUN_MS : 6000);
  ctx.log('probing: starting Redis, the simulator, pulse-exporter and blackbox_exporter');
  const redis = await startBenchRedis(scope, ctx.dir);
  const simulator = await startSimulator(scope, DELAYS_MS.map((delay) => ({ code: `d${delay}`, latencyMs: delay, jitterMs: 0 })));
  const targetOf = (delayMs: number): string => simulator.region(`d${delayMs}`).healthUrl;
  const regions = DELAYS_MS.flatMap((delay) => Array.from({ length: CONCURRENCY }, (_, slot) => ({ code: onRequestRegion(delay, slot), target: targetOf(delay) })));
  // Hourly: this exporter's scheduler stays out of the way; its probes come from requests.
  const pulse = await startBenchExporter(scope, ctx.dir, { regions, interval: '1h', timeout: `${PROBE_TIMEOUT_S}s`, maxConcurrentProbes: 4 * CONCURRENCY, redisUrl: redis.url, cpuProfDir: ctx.cpuProfDir });
  const blackbox = await startBlackbox(scope, writeBlackboxConfig(ctx.dir, PROBE_TIMEOUT_S));
  const client = createHttpClient(4 * CONCURRENCY);
  scope.defer('close the HTTP client', () => client.close());
  const rig: OnRequestRig = { client, pulse, blackbox, targetOf, usageRegions: [onRequestRegion(0, 0), onRequestRegion(50, 0)] };

  // Warm-up at each target: JIT, connection pools and first-time allocations, not counted (WARM_UP_MS says why this long).
  const warmUpMs = ctx.quick ? WARM_UP_MS.quick : WARM_UP_MS.full;
  for (const driver of ['pulse-api', 'blackbox'] as const) {
    for (const delay of ctx.quick ? [DELAYS_MS[0]] : DELAYS_MS) await closedLoop({ concurrency: CONCURRENCY, durationMs: warmUpMs }, probeOnRequest(rig, driver, delay, []));
  }

  const runs: ProbeRun[] = [];
  let order = 0;
  // The quick run keeps every driver, mode and condition, on the 0 ms target only.
  const delays = ctx.quick ? [DELAYS_MS[0]] : DELAYS_MS;
  for (const condition of ['alone', 'ingesting'] as const) {
    for (const delayMs of delays) {
      for (const mode of ['saturated', 'paced'] as const) {
        // Rotate which driver goes first, so a drift in machine speed favours none.
        const drivers: Driver[] = ['pulse-scheduler', 'blackbox', 'pulse-api'];
        const first = order++ % drivers.length;
        for (const driver of [...drivers.slice(first), ...drivers.slice(0, first)]) {
          ctx.log(`probing: ${driver}, ${delayMs} ms target, ${mode}, ${condition}`);
          const run = { delayMs, mode, condition, durationMs: durationOf(mode) };
          runs.push(driver === 'pulse-scheduler' ? await measureScheduled(ctx, { client, redisUrl: redis.url, targetOf }, run) : await measureOnRequest(ctx, rig, { ...run, driver }));
        }
      }
    }
  }
  return probingResult(runs);
}
