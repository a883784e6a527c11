/**
 * Pending delayed answers of one simulator, kept so close() can cancel them: a timer left behind
 * would keep Node (and jest) alive for as long as the slowest injected delay.
 */
export interface TimerSet {
  /** Runs action once `ms` have passed, to within a fraction of a millisecond. */
  after(ms: number, action: () => void): void;
  cancelAll(): void;
}

/**
 * How early the coarse timer fires. setTimeout works in whole milliseconds and fires up to about
 * one late, which alone would bias every injected latency by ~1 ms; the last stretch is covered
 * by checking the clock on each turn of the event loop instead.
 */
const FINE_WINDOW_MS = 1.5;

/** The clock and timers a TimerSet runs on: Node's own, unless a test drives its own (how late they fire is the machine's). */
export interface TimerClock {
  now(): number;
  setTimeout(action: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setImmediate(action: () => void): unknown;
  clearImmediate(handle: unknown): void;
}

const NODE_CLOCK: TimerClock = {
  now: () => performance.now(),
  setTimeout: (action, ms) => setTimeout(action, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  setImmediate: (action) => setImmediate(action),
  clearImmediate: (handle) => clearImmediate(handle as NodeJS.Immediate),
};

export function createTimerSet({ clock = NODE_CLOCK }: { clock?: TimerClock } = {}): TimerSet {
  const timeouts = new Set<unknown>();
  const immediates = new Set<unknown>();

  const waitUntil = (due: number, action: () => void): void => {
    const left = due - clock.now();
    if (left <= 0) {
      action();
    } else if (left > FINE_WINDOW_MS) {
      const timeout = clock.setTimeout(() => {
        timeouts.delete(timeout);
        waitUntil(due, action);
      }, left - FINE_WINDOW_MS);
      timeouts.add(timeout);
    } else {
      const immediate = clock.setImmediate(() => {
        immediates.delete(immediate);
        waitUntil(due, action);
      });
      immediates.add(immediate);
    }
  };

  return {
    after(ms, action) {
      waitUntil(clock.now() + ms, action);
    },
    cancelAll() {
      for (const timeout of timeouts) clock.clearTimeout(timeout);
      for (const immediate of immediates) clock.clearImmediate(immediate);
      timeouts.clear();
      immediates.clear();
    },
  };
}
