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

export function createTimerSet(): TimerSet {
  const timeouts = new Set<NodeJS.Timeout>();
  const immediates = new Set<NodeJS.Immediate>();

  const waitUntil = (due: number, action: () => void): void => {
    const left = due - performance.now();
    if (left <= 0) {
      action();
    } else if (left > FINE_WINDOW_MS) {
      const timeout = setTimeout(() => {
        timeouts.delete(timeout);
        waitUntil(due, action);
      }, left - FINE_WINDOW_MS);
      timeouts.add(timeout);
    } else {
      const immediate = setImmediate(() => {
        immediates.delete(immediate);
        waitUntil(due, action);
      });
      immediates.add(immediate);
    }
  };

  return {
    after(ms, action) {
      waitUntil(performance.now() + ms, action);
    },
    cancelAll() {
      for (const timeout of timeouts) clearTimeout(timeout);
      for (const immediate of immediates) clearImmediate(immediate);
      timeouts.clear();
      immediates.clear();
    },
  };
}
