/**
 * Load shapes, bounded in time and count: a closed loop (N workers, each sending its next request
 * as soon as the previous one is answered — finds the throughput limit) and a paced loop (a fixed
 * rate below every tool's limit — measures accuracy at the same load for every tool).
 */
import { setTimeout as sleep } from 'node:timers/promises';

export interface LoadOutcome {
  readonly ok: number;
  readonly failed: number;
  /** Paced only: ticks skipped because maxInFlight requests were still waiting. */
  readonly skipped: number;
  readonly elapsedSeconds: number;
  /** The first few failures, to show what went wrong. */
  readonly errors: readonly string[];
}

/** A task resolves true when its request counts as a success. */
export type LoadTask = (worker: number, sequence: number) => Promise<boolean>;

const MAX_ERRORS_KEPT = 5;

function recorder() {
  let ok = 0;
  let failed = 0;
  const errors: string[] = [];
  return {
    async run(task: LoadTask, worker: number, sequence: number): Promise<void> {
      try {
        if (await task(worker, sequence)) ok++;
        else failed++;
      } catch (error) {
        failed++;
        if (errors.length < MAX_ERRORS_KEPT) errors.push((error as Error).message);
      }
    },
    outcome: (skipped: number, elapsedSeconds: number): LoadOutcome => ({ ok, failed, skipped, elapsedSeconds, errors }),
  };
}

export async function closedLoop(options: { concurrency: number; durationMs: number; maxRequests?: number }, task: LoadTask): Promise<LoadOutcome> {
  const record = recorder();
  const started = performance.now();
  const deadline = started + options.durationMs;
  const maxRequests = options.maxRequests ?? Number.POSITIVE_INFINITY;
  let issued = 0;
  const worker = async (index: number): Promise<void> => {
    while (performance.now() < deadline && issued < maxRequests) await record.run(task, index, issued++);
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, index) => worker(index)));
  return record.outcome(0, (performance.now() - started) / 1000);
}

/**
 * Each request in flight holds one of maxInFlight worker slots, so a task can give every slot its
 * own target (two requests for one Pulse region would join one probe instead of making two).
 */
export async function pacedLoop(options: { ratePerSecond: number; durationMs: number; maxInFlight: number }, task: LoadTask): Promise<LoadOutcome> {
  const record = recorder();
  const started = performance.now();
  const intervalMs = 1000 / options.ratePerSecond;
  const total = Math.floor((options.durationMs / 1000) * options.ratePerSecond);
  const freeSlots = Array.from({ length: options.maxInFlight }, (_, slot) => options.maxInFlight - 1 - slot);
  const pending = new Set<Promise<void>>();
  let skipped = 0;
  for (let sequence = 0; sequence < total; sequence++) {
    // Aim at started + n × interval, so timer lateness does not lower the rate.
    const wait = started + sequence * intervalMs - performance.now();
    if (wait > 1) await sleep(wait);
    const slot = freeSlots.pop();
    if (slot === undefined) {
      skipped++;
      continue;
    }
    const running: Promise<void> = record.run(task, slot, sequence).finally(() => {
      freeSlots.push(slot);
      pending.delete(running);
    });
    pending.add(running);
  }
  await Promise.all(pending);
  return record.outcome(skipped, (performance.now() - started) / 1000);
}
