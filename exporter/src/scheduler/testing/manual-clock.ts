/** A clock that moves only when the test says so; timers fire in due order as it moves. */
import type { SchedulerClock } from '../clock';

export interface ManualClock extends SchedulerClock {
  /** Moves time forward by `ms`, firing every timer due on the way (and what their callbacks start). */
  advance(ms: number): Promise<void>;
  /** A promise resolved once the clock reaches now + ms (for fake probes that take time). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Lets promise callbacks and what they start run before time moves on. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

export function manualClock(startMs = 1_000_000): ManualClock {
  let nowMs = startMs;
  let sequence = 0;
  const timers = new Map<number, { at: number; callback: () => void }>();

  const clock: ManualClock = {
    now: () => nowMs,
    setTimeout(callback, delayMs) {
      const id = ++sequence;
      timers.set(id, { at: nowMs + Math.max(0, delayMs), callback });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    async advance(ms) {
      const end = nowMs + ms;
      for (;;) {
        await settle();
        let next: [number, { at: number; callback: () => void }] | undefined;
        for (const entry of timers) if (entry[1].at <= end && (!next || entry[1].at < next[1].at)) next = entry;
        if (!next) break;
        timers.delete(next[0]);
        nowMs = next[1].at;
        next[1].callback();
      }
      nowMs = end;
      await settle();
    },
    sleep(ms, signal) {
      return new Promise((resolve) => {
        if (signal?.aborted) return resolve();
        const onAbort = (): void => {
          clock.clearTimeout(id);
          resolve();
        };
        // The listener leaves with the sleep, so a long test does not pile them up on one signal.
        const id = clock.setTimeout(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }, ms);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
  return clock;
}
