/**
 * Runs every region's probe on its own interval. First probes are spread evenly over the interval
 * so probes do not arrive in bursts; a target is never probed twice at once (a tick that finds
 * the previous probe still running or waiting for a slot is skipped and counted); at most
 * maxConcurrent probes run at once.
 *
 * Waiting regions sit in one queue ordered by the time their next tick is due (due-queue.ts), and
 * the scheduler keeps one timer, for the earliest of them, armed only while a slot is free. When
 * every slot is busy no timer runs at all: the probe that ends takes the next due region from the
 * queue and starts it. (A timer per region fired for each tick only to join a queue for a slot:
 * with a thousand regions and a saturated scheduler, one wake-up per probe for nothing.)
 *
 * Order: a slot goes to whichever waited first, a region from the time its tick was due, a
 * probe asked for now (probeNow) from the time it was asked; ticks due within the same
 * millisecond start together, on one wake-up. A region whose probe is running or waiting is not
 * in the queue: when its probe ends, the ticks that passed meanwhile are counted as skipped and
 * the region waits for its next tick.
 *
 * A failed probe is confirmed by probing again soon after (confirmation.ts): the confirmation
 * waits for a slot like a probe asked for now, and its result is marked `confirmation`.
 */
import { setMaxListeners } from 'node:events';
import type { RegionConfig } from '../config/model';
import type { ProbeResult, ProbeSpec } from '../probes/types';
import { systemClock, type SchedulerClock } from './clock';
import { createConfirmations } from './confirmation';
import { createDueQueue, isQueued, type Queued } from './due-queue';

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
  /** Stops the timer, aborts running probes and waits for them. */
  stop(): Promise<void>;
  /** Probes a region now, or joins the probe already running (or waiting for a slot) for it. */
  probeNow(code: string): Promise<ProbeResult>;
  /** Probes running or waiting for a slot. */
  inFlight(): number;
}

/**
 * A tick due less than this after now starts now: the clocks count whole milliseconds, and a
 * timer for the rest of one would be a wake-up of its own for a start a fraction of it early.
 */
export const TICKS_TOGETHER_MS = 1;

/** One region's place on its clock: ticks are due at origin + tick × interval, so drift does not accumulate. */
interface Clock extends Queued {
  readonly region: RegionConfig;
  readonly origin: number;
  /** The next tick not yet handled (started or counted as skipped); due at dueAt. */
  tick: number;
}

/** A probe asked for now, waiting for a slot. */
interface Ask {
  readonly since: number;
  readonly begin: () => void;
}

export function createScheduler(deps: SchedulerDeps): Scheduler {
  const time = deps.clock ?? systemClock;
  const now = () => time.now();
  const abort = new AbortController();
  // Each probe in flight listens for the abort: up to maxConcurrent listeners is the design, not a leak to warn of.
  setMaxListeners(Math.max(deps.maxConcurrent, 10), abort.signal);
  const running = new Map<string, Promise<ProbeResult>>();
  const clocks = new Map<string, Clock>();
  const byCode = new Map(deps.regions.map((region) => [region.code, region]));
  const waiting = createDueQueue<Clock>();
  const asks: Ask[] = [];
  let active = 0;
  let timer: unknown;
  let timerAt = Infinity;
  let stoppedAt: number | undefined;
  const confirmations = createConfirmations({ clock: time, confirm: (region) => void probe(region, true) });

  /** Runs a region's probe in a slot already counted as taken. */
  function run(region: RegionConfig, confirming: boolean): Promise<ProbeResult> {
    const task = (async () => {
      let result: ProbeResult | undefined;
      try {
        const probed = await deps.runProbe(region.probe, abort.signal);
        result = confirming ? { ...probed, confirmation: true } : probed;
        if (!abort.signal.aborted) await deps.onResult(region, result).catch(() => undefined);
        return result;
      } finally {
        active--;
        running.delete(region.code);
        resume(region.code);
        if (result && stoppedAt === undefined) confirmations.ended(region, result, clocks.get(region.code)?.dueAt ?? Infinity);
        dispatch();
      }
    })();
    running.set(region.code, task);
    return task;
  }

  const nextTick = (clock: Clock): void => {
    clock.tick++;
    clock.dueAt = clock.origin + clock.tick * clock.region.probe.intervalMs;
  };

  /** A region's tick has its slot: probe, unless a probe of the region is already running or waiting. */
  function fire(clock: Clock): void {
    nextTick(clock);
    if (running.has(clock.region.code)) {
      // Joined by a probe asked for now: this tick is skipped, and the clock waits for that probe.
      deps.onSkipped?.(clock.region, 1);
      active--;
      return;
    }
    void run(clock.region, false);
  }

  /** Hands free slots out, first to whichever waited first; then keeps a timer for the next tick if a slot is left. */
  function dispatch(): void {
    const soon = now() + TICKS_TOGETHER_MS;
    while (active < deps.maxConcurrent) {
      const clock = stoppedAt === undefined ? waiting.peek() : undefined;
      const ask = asks[0];
      const clockFirst = clock !== undefined && clock.dueAt < soon && (ask === undefined || clock.dueAt <= ask.since);
      if (!clockFirst && ask === undefined) break;
      active++;
      if (clockFirst) fire(waiting.pop()!);
      else asks.shift()!.begin();
    }
    arm();
  }

  function arm(): void {
    if (stoppedAt !== undefined || active >= deps.maxConcurrent) return; // the next probe to end dispatches
    const next = waiting.peek();
    if (!next || timerAt <= next.dueAt) return;
    if (timer !== undefined) time.clearTimeout(timer);
    timerAt = next.dueAt;
    timer = time.setTimeout(onTimer, Math.max(0, Math.floor(next.dueAt) - now()));
  }

  function onTimer(): void {
    timer = undefined;
    timerAt = Infinity;
    dispatch();
  }

  /** A region's probe ended: count the ticks it covered and wait for the next one. */
  function resume(code: string): void {
    const clock = clocks.get(code);
    if (!clock) return;
    const until = stoppedAt ?? now();
    if (isQueued(clock)) {
      // A probe asked for now ended before the region's tick came: the clock keeps its place.
      if (clock.dueAt > until) return;
      waiting.remove(clock);
    }
    let skipped = 0;
    while (clock.dueAt <= until) {
      nextTick(clock);
      skipped++;
    }
    if (skipped > 0) deps.onSkipped?.(clock.region, skipped);
    if (stoppedAt === undefined) waiting.push(clock);
  }

  /** Asks stay in the order they waited from (an ask that took over a due tick waited from the tick). */
  function queueAsk(ask: Ask): void {
    let place = asks.length;
    while (place > 0 && asks[place - 1]!.since > ask.since) place--;
    asks.splice(place, 0, ask);
  }

  /** `confirming`: a confirmation probe (confirmation.ts), unless it joins a running probe or takes over a due tick. */
  function probe(region: RegionConfig, confirming = false): Promise<ProbeResult> {
    const current = running.get(region.code);
    if (current) return current;
    const clock = clocks.get(region.code);
    let since = now();
    let asConfirmation = confirming;
    if (clock && isQueued(clock) && clock.dueAt < since + TICKS_TOGETHER_MS) {
      // The region's tick came and waits for a slot: this is that tick's probe, in the tick's place.
      since = clock.dueAt;
      waiting.remove(clock);
      nextTick(clock);
      asConfirmation = false;
    }
    const task = new Promise<ProbeResult>((resolve) => queueAsk({ since, begin: () => resolve(run(region, asConfirmation)) }));
    running.set(region.code, task);
    dispatch();
    return task;
  }

  return {
    start() {
      const count = deps.regions.length;
      const started = now();
      deps.regions.forEach((region, index) => {
        const origin = started + (region.probe.intervalMs * index) / count;
        const clock: Clock = { region, origin, tick: 0, dueAt: origin, place: -1, arrival: 0 };
        clocks.set(region.code, clock);
        waiting.push(clock);
      });
      dispatch();
    },
    async stop() {
      stoppedAt = now();
      confirmations.stop();
      if (timer !== undefined) time.clearTimeout(timer);
      timer = undefined;
      timerAt = Infinity;
      while (waiting.pop());
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
