/**
 * Runs every region's probe on its own interval. First probes are spread evenly over the interval
 * so probes do not arrive in bursts; a target is never probed twice at once (a tick that finds
 * the previous probe still running is skipped and counted); a semaphore bounds concurrency.
 */
import type { RegionConfig } from '../config/model';
import type { ProbeResult, ProbeSpec } from '../probes/types';
import { createSemaphore } from './semaphore';

export interface SchedulerDeps {
  readonly regions: readonly RegionConfig[];
  readonly maxConcurrent: number;
  readonly runProbe: (spec: ProbeSpec, signal: AbortSignal) => Promise<ProbeResult>;
  /** Called with every finished probe; its errors are the caller's business and are swallowed here. */
  readonly onResult: (region: RegionConfig, result: ProbeResult) => Promise<unknown>;
  readonly onSkipped?: (region: RegionConfig) => void;
}

export interface Scheduler {
  start(): void;
  /** Stops the timers, aborts running probes and waits for them. */
  stop(): Promise<void>;
  /** Probes a region now, or joins the probe already running for it. */
  probeNow(code: string): Promise<ProbeResult>;
  inFlight(): number;
}

export function createScheduler(deps: SchedulerDeps): Scheduler {
  const semaphore = createSemaphore(deps.maxConcurrent);
  const abort = new AbortController();
  const running = new Map<string, Promise<ProbeResult>>();
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;

  function probe(region: RegionConfig): Promise<ProbeResult> {
    const current = running.get(region.code);
    if (current) return current;
    const task = (async () => {
      const release = await semaphore.acquire();
      try {
        const result = await deps.runProbe(region.probe, abort.signal);
        if (!abort.signal.aborted) await deps.onResult(region, result).catch(() => undefined);
        return result;
      } finally {
        release();
        running.delete(region.code);
      }
    })();
    running.set(region.code, task);
    return task;
  }

  function schedule(region: RegionConfig, firstDelayMs: number): void {
    const interval = region.probe.intervalMs;
    const origin = Date.now() + firstDelayMs;
    let tick = 0;
    const next = () => {
      if (stopped) return;
      // Aim at origin + tick × interval so timer drift does not accumulate.
      const delay = Math.max(0, origin + tick * interval - Date.now());
      const timer = setTimeout(() => {
        timers.delete(timer);
        tick++;
        if (running.has(region.code)) deps.onSkipped?.(region);
        else void probe(region);
        next();
      }, delay);
      timers.add(timer);
    };
    next();
  }

  return {
    start() {
      const count = deps.regions.length;
      deps.regions.forEach((region, index) => schedule(region, (region.probe.intervalMs * index) / count));
    },
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      abort.abort();
      await Promise.allSettled([...running.values()]);
    },
    probeNow(code) {
      const region = deps.regions.find((r) => r.code === code);
      if (!region) return Promise.reject(new Error(`unknown region ${code}`));
      return probe(region);
    },
    inFlight() {
      return running.size;
    },
  };
}
