/** recordUsageWithinLimits as separate calls: the memory store, and a Redis Cluster (see redis-usage.ts). */
import type { LimitedBatchOutcome, RateLimitStore, UsageStore } from './types';

export async function drawThenRecord(
  store: Pick<RateLimitStore, 'consumeRateLimit'> & Pick<UsageStore, 'recordUsage'>,
  ...[events, idempotencyWindowMs, { limits, windowMs, nowMs }]: Parameters<UsageStore['recordUsageWithinLimits']>
): Promise<LimitedBatchOutcome> {
  for (const [index, { key, limit }] of limits.entries()) {
    const decision = await store.consumeRateLimit(key, limit, windowMs, nowMs);
    if (!decision.allowed) return { refused: { index, decision } };
  }
  return { recorded: await store.recordUsage(events, idempotencyWindowMs) };
}

