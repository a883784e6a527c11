/**
 * The project's API rate limit, one rule for every per-project request the analytics API takes:
 * REST calls (api/project-guard.ts) and live stream handshakes (live/stream-access.ts) draw on the
 * same budget, so reconnecting in a loop costs a project what polling would.
 */
import { projectRateLimitKey } from '../store/rate-limit-key';
import type { Store } from '../store/types';

const RATE_WINDOW_MS = 60_000;

export type RateDecision =
  | { readonly ok: true }
  | { readonly ok: false; readonly status: 429 | 503; readonly error: string; readonly retryAfter: string };

/** Counts one request of `project` against `perMinute`; a store that fails refuses (503) rather than admits. */
export async function consumeProjectRequest(store: Store, project: string, perMinute: number, onStoreError: () => void): Promise<RateDecision> {
  try {
    const decision = await store.consumeRateLimit(projectRateLimitKey('api', project), perMinute, RATE_WINDOW_MS, Date.now());
    if (decision.allowed) return { ok: true };
    const retryAfter = String(Math.max(1, Math.ceil(decision.resetMs / 1000)));
    return { ok: false, status: 429, retryAfter, error: `rate limit of ${perMinute} requests per minute reached for project "${project}"; retry after ${retryAfter} s` };
  } catch {
    onStoreError();
    return { ok: false, status: 503, retryAfter: '1', error: 'the store is unavailable; retry' };
  }
}
