/**
 * Request per probe in alternating rounds: pulse-exporter (GET /api/v1/regions/:code/health with
 * the admin key) and blackbox_exporter probing the same simulator target, 16 in flight, each round
 * preceded by RESETTLE_MS of unmeasured probes as the probing section does. Not part of
 * `npm run bench` (a diagnostic for bench/README's "Where the time goes"): it shows how much one
 * 6-s round of the section's request-per-probe rows moves from round to round.
 *
 *   npm run build && [PULSE_NODE_FLAGS=…] node --import tsx bench/probing-on-request-rounds.ts [delay ms=50] [rounds=3] [cpu-profile dir]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBenchExporter } from './exporter-setup';
import { createHttpClient } from './http-client';
import { closedLoop } from './load';
import { startBlackbox, writeBlackboxConfig } from './peers';
import { onRequestRegion, probeOnRequest, RESETTLE_MS, type OnRequestRig } from './probing-on-request';
import { CONCURRENCY, WARM_UP_MS } from './probing-run';
import { clockTicksPerSecond, measureCpu } from './proc-stats';
import { startBenchRedis } from './redis-server';
import { createScope } from './scope';
import { startSimulator } from './simulator';

const ROUND_MS = 6000;

async function main(): Promise<void> {
  const delayMs = Number(process.argv[2] ?? 50);
  const rounds = Number(process.argv[3] ?? 3);
  const cpuProfDir = process.argv[4];
  const scope = createScope();
  const dir = mkdtempSync(join(tmpdir(), 'pulse-on-request-'));
  scope.defer('remove the folder', () => rmSync(dir, { recursive: true, force: true }));
  try {
    const redis = await startBenchRedis(scope, dir);
    const simulator = await startSimulator(scope, [{ code: 'target', latencyMs: delayMs, jitterMs: 0 }]);
    const target = simulator.region('target').healthUrl;
    const regions = Array.from({ length: CONCURRENCY }, (_, slot) => ({ code: onRequestRegion(delayMs, slot), target }));
    // Node flags for the exporter under test (e.g. a V8 heap setting to compare), as the bench's own.
    const nodeFlags = process.env.PULSE_NODE_FLAGS;
    const pulse = await startBenchExporter(scope, dir, { regions, interval: '1h', timeout: '5s', maxConcurrentProbes: 4 * CONCURRENCY, redisUrl: redis.url, cpuProfDir, nodeFlags });
    const blackbox = await startBlackbox(scope, writeBlackboxConfig(dir, 5));
    const client = createHttpClient(4 * CONCURRENCY);
    scope.defer('close the client', () => client.close());
    const rig: OnRequestRig = { client, pulse, blackbox, targetOf: () => target, usageRegions: [] };
    const load = [loadavg()[0]];
    for (const driver of ['pulse-api', 'blackbox'] as const) await closedLoop({ concurrency: CONCURRENCY, durationMs: WARM_UP_MS.full }, probeOnRequest(rig, driver, delayMs, []));
    const ticks = clockTicksPerSecond();
    for (let round = 1; round <= rounds; round++) {
      const perCpuSecond: Record<string, number> = {};
      for (const driver of ['pulse-api', 'blackbox'] as const) {
        await closedLoop({ concurrency: CONCURRENCY, durationMs: RESETTLE_MS.full }, probeOnRequest(rig, driver, delayMs, []));
        const pid = driver === 'pulse-api' ? pulse.pid : blackbox.pid;
        const measured = await measureCpu({ probing: pid }, ticks, () => closedLoop({ concurrency: CONCURRENCY, durationMs: ROUND_MS }, probeOnRequest(rig, driver, delayMs, [])));
        perCpuSecond[driver] = measured.result.ok / measured.cpuSeconds.probing;
        process.stdout.write(`round ${round} ${driver}: ${measured.result.ok} probes, ${((measured.cpuSeconds.probing * 1000) / measured.result.ok).toFixed(3)} ms CPU a probe, ${perCpuSecond[driver].toFixed(0)} probes per CPU-s\n`);
      }
      process.stdout.write(`round ${round}: Pulse ÷ blackbox_exporter ${(perCpuSecond['pulse-api'] / perCpuSecond.blackbox).toFixed(2)}×\n`);
    }
    load.push(loadavg()[0]);
    process.stdout.write(`${delayMs} ms target, load ${load.map((value) => value.toFixed(2)).join(' -> ')}\n`);
  } finally {
    await scope.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`probing-on-request-rounds: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
