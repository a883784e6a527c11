/** The rate-limit part of the memory store: one counter per key for its current fixed window. */
import { checkRateLimitArguments, fixedWindowAt, rateLimitDecision } from './fixed-window';
import type { RateLimitStore } from './types';

interface WindowCount {
  readonly index: number;
  readonly endsAtMs: number;
  count: number;
}

export function createMemoryRateLimit(): RateLimitStore {
  const windows = new Map<string, WindowCount>();
  let sizeAfterSweep = 0;

  // A key's stale window is replaced on its next request, so the map holds one entry per key;
  // the occasional sweep also drops keys that stopped sending, so it cannot grow without bound.
  const sweep = (nowMs: number): void => {
    for (const [key, window] of windows) if (window.endsAtMs <= nowMs) windows.delete(key);
    sizeAfterSweep = windows.size;
  };

  return {
    async consumeRateLimit(key, limit, windowMs, nowMs) {
      try {
        checkRateLimitArguments(limit, windowMs, nowMs);
      } catch (error) {
        throw new Error(`memory store: rate limit ${JSON.stringify(key)}: ${(error as Error).message}`, { cause: error });
      }
      if (windows.size > 2 * sizeAfterSweep + 1000) sweep(nowMs);
      const window = fixedWindowAt(nowMs, windowMs);
      const mapKey = JSON.stringify([key, windowMs]);
      let current = windows.get(mapKey);
      if (!current || current.index !== window.index) {
        current = { index: window.index, endsAtMs: nowMs + window.endsInMs, count: 0 };
        windows.set(mapKey, current);
      }
      current.count += 1;
      return rateLimitDecision(current.count, limit, window);
    },
  };
}
