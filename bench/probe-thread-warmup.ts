/**
 * A fresh probe thread warming up: the compiled exporter's probe thread (dist/, as the bench's
 * exporters run it) with the probing section's saturated scheduler plan against a bench simulator
 * target, in this process, and nothing else; prints the process's CPU per probe in consecutive
 * windows from the start. How long a fresh exporter takes to reach its steady cost is what the
 * probing section's warm-up (WARM_UP_MS, probing-run.ts) rests on. Not a section: a tool.
 *
 *   npm run build && node --import tsx bench/probe-thread-warmup.ts [delayMs=50] [seconds=30] [windowSeconds=3]
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { silentLogger } from '../common/log';
import { DEFAULT_HEALTH_POLICY, type RegionConfig } from '../exporter/src/config/model';
import type * as ProbeThreadModule from '../exporter/src/probe-thread/probe-thread';
import type { ProbeResult } from '../exporter/src/probes/types';
import { CONCURRENCY } from './probing-run';
import { SCHEDULER_PLANS } from './probing-scheduled';
import { createScope } from './scope';
import { startSimulator } from './simulator';

const COMPILED_PROBE_THREAD = join(__dirname, '..', 'dist/exporter/src/probe-thread/probe-thread.js');

/** The saturated plan's regions, all on one target, with the checks the section's exporters make. */
function saturatedRegions(target: string): RegionConfig[] {
  const { regions, intervalMs, timeoutMs } = SCHEDULER_PLANS.saturated;
  return Array.from({ length: regions }, (_, index) => ({
    code: `s${index}`,
    name: `s${index}`,
    url: 'wss://127.0.0.1:1/rtc',
    latitude: 0,
    longitude: 0,
    priority: 1,
    capacity: 10_000,
    failover: [],
    active: true,
    health: DEFAULT_HEALTH_POLICY,
    probe: { kind: 'http', target, intervalMs, timeoutMs, http: { method: 'GET', headers: {}, validStatusCodes: [200], failIfBodyNotMatches: [], tls: { insecureSkipVerify: false } } },
  }));
}

/** The thread probes with its own registry; the main thread's is never asked. */
const onTheThread = (): Promise<ProbeResult> => Promise.reject(new Error('the probe thread probes with its own registry'));

async function main(argv: readonly string[]): Promise<void> {
  const [delayMs = 50, seconds = 30, windowSeconds = 3] = argv.map(Number);
  if (![delayMs, seconds, windowSeconds].every((value) => Number.isFinite(value) && value >= 0) || windowSeconds === 0) {
    throw new Error(`usage: probe-thread-warmup.ts [delayMs] [seconds] [windowSeconds] (got ${argv.join(' ')})`);
  }
  if (!existsSync(COMPILED_PROBE_THREAD)) throw new Error(`${COMPILED_PROBE_THREAD} is missing: run \`npm run build\` first`);
  // The compiled module, so the thread it starts runs dist/ as the exporter does, not the sources through tsx.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startProbeThread } = require(COMPILED_PROBE_THREAD) as typeof ProbeThreadModule;
  const scope = createScope();
  try {
    const simulator = await startSimulator(scope, [{ code: 'target', latencyMs: delayMs, jitterMs: 0 }]);
    const thread = startProbeThread({ log: silentLogger() });
    scope.defer('close the probe thread', () => thread.close());
    let probes = 0;
    const scheduler = thread.createScheduler({
      regions: saturatedRegions(simulator.region('target').healthUrl),
      maxConcurrent: CONCURRENCY,
      runProbe: onTheThread,
      onResult: async () => void probes++,
    });
    scheduler.start();
    let cpu = process.cpuUsage();
    let counted = 0;
    for (let end = windowSeconds; end <= seconds; end += windowSeconds) {
      await sleep(windowSeconds * 1000);
      const used = process.cpuUsage(cpu);
      cpu = process.cpuUsage();
      const done = probes - counted;
      counted = probes;
      const perProbeMs = (used.user + used.system) / 1000 / done;
      process.stdout.write(`${end - windowSeconds}–${end} s: ${done} probes, ${perProbeMs.toFixed(3)} ms CPU a probe\n`);
    }
    await scheduler.stop();
  } finally {
    await scope.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 1;
});
