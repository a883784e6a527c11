/** What one probing run measured, and the pieces every way of driving probes shares. */
import { randomBytes } from 'node:crypto';
import { BENCH_PROJECT, type BenchExporter } from './exporter-setup';
import type { HttpClient } from './http-client';
import { pacedLoop, type LoadOutcome, type LoadTask } from './load';
import { sumSamples } from './section';
import type { Summary } from './stats';
import { batchBody, counterBatch } from './usage-events';

/**
 * pulse-api: Pulse probes on request (GET /api/v1/regions/:code/health), like blackbox_exporter.
 * pulse-scheduler: Pulse's own scheduler probes, as in production; no request per probe.
 */
export type Driver = 'pulse-api' | 'pulse-scheduler' | 'blackbox';
export type Mode = 'saturated' | 'paced';
export type Condition = 'alone' | 'ingesting';

export const DELAYS_MS = [0, 50] as const;
/** Probes in flight for every driver: the closed loop's workers, the scheduler's limit of concurrent probes. */
export const CONCURRENCY = 16;
/** A rate every driver sustains with room to spare, so timing error is compared at equal load. */
export const PACED_PER_SECOND = 100;
/** How long a paced run measures: 2,000 probes, so its p99 is not one stall's (probing.ts). */
export const PACED_RUN_MS = 20_000;
/**
 * How long an exporter runs probes before anything is measured. A fresh pulse-exporter is not yet
 * the one that runs for days: its probe thread alone (50 ms target, saturated) cost 0.72–0.76 ms
 * of CPU a probe in its first 3 s, 0.52–0.54 ms in the next 3, 0.38–0.45 ms in the next, and
 * 0.29–0.31 ms from 9 s on (V8 still compiling the hot paths on its background threads, the heap
 * still settling); a warm-up of 2.5 s put the measured window in the middle of that. blackbox_exporter
 * is compiled ahead of time; it gets the same warm-up.
 */
export const WARM_UP_MS = { full: 12_000, quick: 1000 } as const;

/** Background usage while probing: batches of BATCH_SIZE events per second. */
export const BACKGROUND_BATCHES_PER_SECOND = 20;
export const BATCH_SIZE = 100;

export interface ProbeRun {
  readonly driver: Driver;
  readonly delayMs: number;
  readonly mode: Mode;
  readonly condition: Condition;
  /** Successful probes and the run's wall time. */
  readonly probes: number;
  readonly failed: number;
  readonly wallSeconds: number;
  /** CPU seconds of the probing process over the run. */
  readonly cpuSeconds: number;
  /** CPU seconds of the idle-of-probes Pulse that takes the background ingestion (blackbox runs). */
  readonly ingestionCpuSeconds?: number;
  /** Reported duration minus injected delay (all probes, or a sample for the scheduler). */
  readonly error: Summary;
}

/** A background load of usage batches to one exporter, as in production beside probing. */
export function ingestionTask(client: HttpClient, exporter: BenchExporter, regions: readonly string[]): LoadTask {
  const runId = randomBytes(6).toString('hex');
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${exporter.projectKey}` };
  return async (_slot, sequence) => {
    const body = batchBody(counterBatch({ runId, sequence, size: BATCH_SIZE, project: BENCH_PROJECT, regions, nowMs: Date.now() }));
    const answer = await client.request(`${exporter.url}/api/v1/usage/events`, { method: 'POST', headers, body });
    if (answer.status !== 200) throw new Error(`ingestion: HTTP ${answer.status} ${answer.body.toString('utf8').slice(0, 200)}`);
    return true;
  };
}

export function backgroundIngestion(client: HttpClient, exporter: BenchExporter, regions: readonly string[], durationMs: number): Promise<LoadOutcome> {
  return pacedLoop({ ratePerSecond: BACKGROUND_BATCHES_PER_SECOND, durationMs, maxInFlight: 8 }, ingestionTask(client, exporter, regions));
}

/** Probes a Pulse exporter has finished so far, by result, from its own counter. */
export async function probesCounted(client: HttpClient, exporter: BenchExporter): Promise<{ success: number; failed: number }> {
  // A keep-alive socket the exporter closed as idle just as it was reused fails the GET; it is safe to ask again.
  const metrics = `${exporter.url}/metrics`;
  const text = await client.text(metrics).catch(() => client.text(metrics));
  const success = sumSamples(text, 'pulse_region_probes_total', (line) => line.includes('result="success"'));
  return { success, failed: sumSamples(text, 'pulse_region_probes_total') - success };
}
