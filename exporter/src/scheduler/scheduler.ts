/**
 * Runs every region's probe on its own interval. First probes are spread evenly over the interval
 * so probes do not arrive in bursts; a target is never probed twice at once (a tick that finds
 * the previous probe still running or waiting for a slot is skipped and counted); a semaphore
 * bounds concurrency.
 *
 * A region whose probe is running or waiting arms no timer: its ticks cannot start a probe, so
 * waking up for each one would only cost CPU (with a thousand regions and a saturated semaphore,
 * thousands of wake-ups a second). When the probe ends, the ticks that passed meanwhile are
 * counted as skipped and the timer is armed for the next tick.
 */
import type { RegionConfig } from '../config/model';
import type { ProbeResult, ProbeSpec } from '../probes/types';
import { systemClock, type SchedulerClock } from './clock';
import { createSemaphore } from './semaphore';

export interface SchedulerDeps {
  readonly regions: readonly RegionConfig[];
  readonly maxConcurrent: number;
  readonly runProbe: (spec: ProbeSpec, signal: AbortSignal) => Promise<ProbeResult>;
  /** Called with every finished probe; its errors are the caller's business and are swallowed here. */
  readonly onResult: (region: RegionConfig, result: ProbeResult) => Promise<unknown>;
  /** Ticks of a region that came while its previous probe was still running (counted when it ends). */
  readonly onSkipped?: (region: RegionConfig, ticks: number) => void;
  /** The system clock unless a test brings its own. */
  readonly clock?: SchedulerClock;
}

export interface Scheduler {
  start(): void;
  /** Stops the timers, aborts running probes and waits for them. */
  stop(): Promise<void>;
  /** Probes a region now, or joins the probe already running for it. */
  probeNow(code: string): Promise<ProbeResult>;
  inFlight(): number;
}

/** One region's place on its clock: ticks are due at origin + tick × interval, so drift does not accumulate. */
interface Clock {
  readonly region: RegionConfig;
  readonly origin: number;
  /** The next tick not yet handled (fired or counted as skipped). */
  tick: number;
  timer?: unknown;
}

export function createScheduler(deps: SchedulerDeps): Scheduler {
  const time = deps.clock ?? systemClock;
  const now = () => time.now();
  const semaphore = createSemaphore(deps.maxConcurrent);
  const abort = new AbortController();
  const running = new Map<string, Promise<ProbeResult>>();
  const clocks = new Map<string, Clock>();
  const byCode = new Map(deps.regions.map((region) => [region.code, region]));
  let stoppedAt: number | undefined;

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
        resume(region.code);
      }
    })();
    running.set(region.code, task);
    return task;
  }

  const dueAt = (clock: Clock, tick: number): number => clock.origin + tick * clock.region.probe.intervalMs;

  function arm(regionClock: Clock): void {
    if (stoppedAt !== undefined) return;
    regionClock.timer = time.setTimeout(() => fire(regionClock), Math.max(0, dueAt(regionClock, regionClock.tick) - now()));
  }

  function fire(clock: Clock): void {
    clock.timer = undefined;
    clock.tick++;
    if (running.has(clock.region.code)) {
      // Joined by a probe started on request: this tick is skipped, and the clock waits for it.
      deps.onSkipped?.(clock.region, 1);
      return;
    }
    void probe(clock.region);
  }

  /** A region's probe ended: count the ticks it covered and wait for the next one. */
  function resume(code: string): void {
    const clock = clocks.get(code);
    if (!clock || clock.timer) return;
    const until = stoppedAt ?? now();
    let skipped = 0;
    while (dueAt(clock, clock.tick) <= until) {
      clock.tick++;
      skipped++;
    }
    if (skipped > 0) deps.onSkipped?.(clock.region, skipped);
    arm(clock);
  }

  return {
    start() {
      const count = deps.regions.length;
      const started = now();
      deps.regions.forEach((region, index) => {
        const clock: Clock = { region, origin: started + (region.probe.intervalMs * index) / count, tick: 0 };
        clocks.set(region.code, clock);
        arm(clock);
      });
    },
    async stop() {
      stoppedAt = now();
      for (const regionClock of clocks.values()) {
        if (regionClock.timer !== undefined) time.clearTimeout(regionClock.timer);
        regionClock.timer = undefined;
      }
      abort.abort();
      await Promise.allSettled([...running.values()]);
    },
    probeNow(code) {
      const region = byCode.get(code);
      if (!region) return Promise.reject(new Error(`unknown region ${code}`));
      return probe(region);
    },
    inFlight() {
      return running.size;
    },
  };
}
