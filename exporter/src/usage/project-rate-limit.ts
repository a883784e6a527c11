/**
 * The project's API rate limit, one rule for every per-project request the analytics API takes:
 * REST calls (api/project-guard.ts) and live stream handshakes (live/stream-access.ts) draw on the
 * same budget, so reconnecting in a loop costs a project what polling would. A handler that writes
 * to the store may draw it in the same step instead (recorded/record.ts): projectRequestLimit and
 * rateAnswer keep that draw and its answer the same.
 */
import { projectRateLimitKey } from '../store/rate-limit-key';
import type { BatchRateLimits, RateLimitDecision, Store } from '../store/types';

/** The project's API rate limit counts in fixed windows of this length on the wall clock. */
export const RATE_WINDOW_MS = 60_000;

export type RateDecision =
  | { readonly ok: true }
  | { readonly ok: false; readonly status: 429 | 503; readonly error: string; readonly retryAfter: string };

/** One request of `project` against `perMinute`, as the store's batch writes take it. */
export function projectRequestLimit(project: string, perMinute: number, nowMs: number): BatchRateLimits {
  return { limits: [{ key: projectRateLimitKey('api', project), limit: perMinute }], windowMs: RATE_WINDOW_MS, nowMs };
}

export function rateAnswer(decision: RateLimitDecision, project: string, perMinute: number): RateDecision {
  if (decision.allowed) return { ok: true };
  const retryAfter = String(Math.max(1, Math.ceil(decision.resetMs / 1000)));
  return { ok: false, status: 429, retryAfter, error: `rate limit of ${perMinute} requests per minute reached for project "${project}"; retry after ${retryAfter} s` };
}

const STORE_UNAVAILABLE: RateDecision = { ok: false, status: 503, retryAfter: '1', error: 'the store is unavailable; retry' };

/** Counts one request of `project` against `perMinute`; a store that fails refuses (503) rather than admits. */
export async function consumeProjectRequest(store: Store, project: string, perMinute: number, onStoreError: () => void): Promise<RateDecision> {
  const { limits, windowMs, nowMs } = projectRequestLimit(project, perMinute, Date.now());
  try {
    return rateAnswer(await store.consumeRateLimit(limits[0].key, perMinute, windowMs, nowMs), project, perMinute);
  } catch {
    onStoreError();
    return STORE_UNAVAILABLE;
  }
}
