/**
 * Fixed-window rate limiting, shared by both stores: windows are aligned to multiples of
 * `windowMs` since the epoch, so every replica agrees on which window a request falls in.
 */
import type { RateLimitDecision } from './types';

export interface FixedWindow {
  /** floor(now / windowMs): names the window, part of the Redis key. */
  readonly index: number;
  /** Time until the window ends, ms. */
  readonly endsInMs: number;
}

export function checkRateLimitArguments(limit: number, windowMs: number, nowMs: number): void {
  if (!Number.isInteger(limit) || limit < 0) throw new Error(`rate limit must be a whole number >= 0 (got ${limit})`);
  if (!Number.isInteger(windowMs) || windowMs < 1) throw new Error(`rate limit window must be a whole number of milliseconds >= 1 (got ${windowMs})`);
  if (!Number.isFinite(nowMs)) throw new Error(`rate limit time must be a finite number (got ${nowMs})`);
}

export function fixedWindowAt(nowMs: number, windowMs: number): FixedWindow {
  const index = Math.floor(nowMs / windowMs);
  return { index, endsInMs: (index + 1) * windowMs - nowMs };
}

/** `count` includes the request being decided. */
export function rateLimitDecision(count: number, limit: number, window: FixedWindow): RateLimitDecision {
  const allowed = count <= limit;
  return { allowed, remaining: allowed ? limit - count : 0, resetMs: window.endsInMs };
}
