/** Rate limits drawn before a write, as separate calls: the memory store, and a Redis Cluster (see redis-usage.ts). */
import type { BatchRateLimits, LimitedBatchOutcome, LimitedRecordOutcome, RateLimitStore, RateRefusal, UsageStore } from './types';

/** Draws one request from each limit in order; the first refusal stops there (the limits before it stay drawn). */
async function drawLimits(store: Pick<RateLimitStore, 'consumeRateLimit'>, { limits, windowMs, nowMs }: BatchRateLimits): Promise<{ readonly refused: RateRefusal } | undefined> {
  for (const [index, { key, limit }] of limits.entries()) {
    const decision = await store.consumeRateLimit(key, limit, windowMs, nowMs);
    if (!decision.allowed) return { refused: { index, decision } };
  }
  return undefined;
}

export async function drawThenRecord(
  store: Pick<RateLimitStore, 'consumeRateLimit'> & Pick<UsageStore, 'recordUsage'>,
  ...[events, idempotencyWindowMs, rateLimits]: Parameters<UsageStore['recordUsageWithinLimits']>
): Promise<LimitedBatchOutcome> {
  return (await drawLimits(store, rateLimits)) ?? { recorded: await store.recordUsage(events, idempotencyWindowMs) };
}

export async function drawThenRecordMetrics(
  store: Pick<RateLimitStore, 'consumeRateLimit'> & Pick<UsageStore, 'recordMetrics'>,
  ...[project, metrics, limits, idempotencyWindowMs, rateLimits]: Parameters<UsageStore['recordMetricsWithinLimits']>
): Promise<LimitedRecordOutcome> {
  return (await drawLimits(store, rateLimits)) ?? { recorded: await store.recordMetrics(project, metrics, limits, idempotencyWindowMs) };
}
