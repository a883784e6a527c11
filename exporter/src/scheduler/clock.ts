/**
 * The scheduler's sense of time: what time it is and how to be woken later. Production uses the
 * system clock; tests use a manual one (testing/manual-clock.ts) and move time themselves, so
 * they assert exact schedules instead of sleeping and hoping the machine keeps up.
 */
export interface SchedulerClock {
  now(): number;
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: SchedulerClock = {
  now: () => Date.now(),
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
