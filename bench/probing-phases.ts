/**
 * Where a probe's time goes, phase by phase: Pulse's scheduler and blackbox_exporter probing the
 * same simulator target (0 ms by default) at 100 probes/s, paced as the probing section's timing rows are, in
 * alternating rounds. Not part of `npm run bench` (a diagnostic for bench/README's "Where the time
 * goes"); run it on a quiet machine:
 *
 *   npm run build && node --import tsx bench/probing-phases.ts [rounds=2] [seconds=20] [delay ms=0]
 *
 * Both tools report the same phases of a fresh-connection GET (connect, processing: connected to
 * the first response byte, transfer: first byte to the end); "outside" is the reported duration
 * minus the phases (the tool's own work before the connect and after the last byte). For each tool
 * it prints the duration and each phase at p50 / p90 / p99 (processing includes the injected delay), and for the slowest 1 % of probes how
 * much of their excess over the median probe each phase holds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Redis from 'ioredis';
import { redisKeys } from '../exporter/src/store/redis-keys';
import { probeStateField } from '../exporter/src/store/redis-region-state';
import type { ProbeStateRecord } from '../exporter/src/store/types';
import { BENCH_VANTAGE, startBenchExporter } from './exporter-setup';
import { createHttpClient, type HttpClient } from './http-client';
import { closedLoop, pacedLoop, type LoadTask } from './load';
import { BLACKBOX_MODULE, startBlackbox, writeBlackboxConfig } from './peers';
import { CONCURRENCY, PACED_PER_SECOND, WARM_UP_MS } from './probing-run';
import { SCHEDULER_PLANS } from './probing-scheduled';
import { RESETTLE_MS } from './probing-on-request';
import { startBenchRedis } from './redis-server';
import { createScope, type Scope } from './scope';
import { startSimulator } from './simulator';
import { quantile } from './stats';

const PHASES = ['connect', 'processing', 'transfer'] as const;
type Phase = (typeof PHASES)[number];
/** One probe: its reported duration and phases, in milliseconds; `outside` = duration − phases. */
type Sample = Record<Phase | 'duration' | 'outside', number>;

function sampleOf(durationMs: number, phases: Record<Phase, number>): Sample {
  const inside = PHASES.reduce((sum, phase) => sum + phases[phase], 0);
  return { duration: durationMs, ...phases, outside: durationMs - inside };
}

/** Pulse's scheduled probes as the bench reads them: each region's probe state, polled every 100 ms. */
async function pulseRound(scope: Scope, dir: string, redisUrl: string, target: string, seconds: number): Promise<Sample[]> {
  const round = scope.child();
  try {
    const plan = SCHEDULER_PLANS.paced;
    const regions = Array.from({ length: plan.regions }, (_, index) => ({ code: `s${index}`, target }));
    await startBenchExporter(round, dir, { regions, interval: `${plan.intervalMs}ms`, timeout: `${plan.timeoutMs}ms`, maxConcurrentProbes: CONCURRENCY, redisUrl });
    await sleep(WARM_UP_MS.full);
    const redis = new Redis(redisUrl);
    round.defer('close the reader', () => redis.quit());
    const fields = regions.map((region) => probeStateField(region.code, BENCH_VANTAGE));
    const seen = new Set<string>();
    const samples: Sample[] = [];
    const poll = async (record: boolean): Promise<void> => {
      for (const json of await redis.hmget(redisKeys('pulse:').probeStates, ...fields)) {
        if (json === null) continue;
        const { region, lastCheckMs, result } = JSON.parse(json) as ProbeStateRecord;
        const key = `${region} ${lastCheckMs}`;
        if (seen.has(key)) continue;
        seen.add(key);
        if (!record || !result.success || !result.phases) continue;
        const ms = (s: number): number => s * 1000;
        samples.push(sampleOf(ms(result.durationSeconds), { connect: ms(result.phases.connect), processing: ms(result.phases.processing), transfer: ms(result.phases.transfer) }));
      }
    };
    await poll(false);
    const until = Date.now() + seconds * 1000;
    while (Date.now() < until) {
      await sleep(100);
      await poll(true);
    }
    return samples;
  } finally {
    await round.close();
  }
}

function blackboxPhase(text: string, phase: Phase): number {
  const match = new RegExp(`^probe_http_duration_seconds\\{phase="${phase}"\\} (\\S+)$`, 'm').exec(text);
  if (!match) throw new Error(`blackbox_exporter's answer has no ${phase} phase`);
  return Number(match[1]) * 1000;
}

function blackboxTask(client: HttpClient, url: string, samples: Sample[] | undefined): LoadTask {
  return async () => {
    const text = (await client.request(url)).body.toString('utf8');
    const duration = /^probe_duration_seconds (\S+)$/m.exec(text);
    if (!/^probe_success 1$/m.test(text) || !duration) throw new Error(`blackbox probe failed:\n${text.slice(0, 300)}`);
    samples?.push(sampleOf(Number(duration[1]) * 1000, { connect: blackboxPhase(text, 'connect'), processing: blackboxPhase(text, 'processing'), transfer: blackboxPhase(text, 'transfer') }));
    return true;
  };
}

async function blackboxRound(client: HttpClient, url: string, seconds: number): Promise<Sample[]> {
  await closedLoop({ concurrency: CONCURRENCY, durationMs: RESETTLE_MS.full }, blackboxTask(client, url, undefined));
  const samples: Sample[] = [];
  await pacedLoop({ ratePerSecond: PACED_PER_SECOND, durationMs: seconds * 1000, maxInFlight: CONCURRENCY }, blackboxTask(client, url, samples));
  return samples;
}

const fmt = (ms: number): string => ms.toFixed(2);

function report(tool: string, samples: readonly Sample[]): string[] {
  const keys = ['duration', ...PHASES, 'outside'] as const;
  const sorted = (key: (typeof keys)[number]): number[] => samples.map((sample) => sample[key]).sort((a, b) => a - b);
  const lines = [`${tool}: ${samples.length} probes`];
  for (const key of keys) {
    const values = sorted(key);
    lines.push(`  ${key.padEnd(10)} p50 ${fmt(quantile(values, 0.5))}  p90 ${fmt(quantile(values, 0.9))}  p99 ${fmt(quantile(values, 0.99))}  max ${fmt(values[values.length - 1] ?? Number.NaN)} ms`);
  }
  const p99 = quantile(sorted('duration'), 0.99);
  const slow = samples.filter((sample) => sample.duration >= p99);
  const excess = (key: (typeof keys)[number]): number => slow.reduce((sum, sample) => sum + sample[key], 0) / slow.length - quantile(sorted(key), 0.5);
  lines.push(`  slowest ${slow.length} (>= p99): excess over the median probe ${fmt(excess('duration'))} ms, of it ${[...PHASES, 'outside'].map((key) => `${key} ${fmt(excess(key as Phase))}`).join(', ')}`);
  return lines;
}

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 2);
  const seconds = Number(process.argv[3] ?? 20);
  const delayMs = Number(process.argv[4] ?? 0);
  const scope = createScope();
  const dir = mkdtempSync(join(tmpdir(), 'pulse-phases-'));
  scope.defer('remove the folder', () => rmSync(dir, { recursive: true, force: true }));
  try {
    const load = [loadavg()[0]];
    const redis = await startBenchRedis(scope, dir);
    const simulator = await startSimulator(scope, [{ code: 'target', latencyMs: delayMs, jitterMs: 0 }]);
    const target = simulator.region('target').healthUrl;
    const blackbox = await startBlackbox(scope, writeBlackboxConfig(dir, 5));
    const client = createHttpClient(4 * CONCURRENCY);
    scope.defer('close the client', () => client.close());
    const probeUrl = `${blackbox.url}/probe?module=${BLACKBOX_MODULE}&target=${encodeURIComponent(target)}`;
    await closedLoop({ concurrency: CONCURRENCY, durationMs: WARM_UP_MS.full }, blackboxTask(client, probeUrl, undefined));
    const all = { pulse: [] as Sample[], blackbox: [] as Sample[] };
    for (let round = 0; round < rounds; round++) {
      const pulse = await pulseRound(scope, dir, redis.url, target, seconds);
      const peer = await blackboxRound(client, probeUrl, seconds);
      all.pulse.push(...pulse);
      all.blackbox.push(...peer);
      process.stdout.write([`round ${round + 1}`, ...report('pulse scheduler', pulse), ...report('blackbox_exporter', peer), ''].join('\n') + '\n');
    }
    load.push(loadavg()[0]);
    process.stdout.write([`all rounds, ${delayMs} ms target (load ${load.map((value) => value.toFixed(2)).join(' -> ')})`, ...report('pulse scheduler', all.pulse), ...report('blackbox_exporter', all.blackbox)].join('\n') + '\n');
  } finally {
    await scope.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`probing-phases: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
