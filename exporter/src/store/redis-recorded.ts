/** Recorded metrics in the Redis store: one call of RECORD_METRICS per batch (redis-recorded-script.ts). */
import { typeOfDefinition, type StoredType, type RecordedLimits, type RecordedMetric, type RecordOutcome } from '../recorded/model';
import { rateLimitDecision } from './fixed-window';
import type { UsageShards } from './redis-cluster-keys';
import type { RedisCall } from './redis-connection';
import type { RedisKeys } from './redis-keys';
import { rateCounter, type RateCounter } from './redis-rate-limit';
import { definitionField, recordedCall } from './redis-recorded-call';
import type { ScriptWriter } from './redis-replicated-write';
import type { LimitedRecordOutcome, RateLimitStore, UsageStore } from './types';
import { drawThenRecordMetrics } from './usage-within-limits';

export interface RedisRecordedParts {
  readonly call: RedisCall;
  /** Where the rate-limit counters are. */
  readonly keys: RedisKeys;
  readonly usage: UsageShards;
  readonly write: ScriptWriter;
  readonly consumeRateLimit: RateLimitStore['consumeRateLimit'];
}

export function createRedisRecorded({ call, keys, usage, write, consumeRateLimit }: RedisRecordedParts): Pick<UsageStore, 'recordedTypes' | 'recordMetrics' | 'recordMetricsWithinLimits'> {
  /**
   * The call is built before the round trip, and only the ids are kept through it (for the
   * duplicates' answer): with 16 batches in flight, the metrics' objects kept alive across the
   * wait were copied by every young-generation GC (bench/README.md, "Recorded metrics"). So this
   * is no async function (whose parameters live until it returns), and neither is its caller.
   */
  const record = (project: string, metrics: readonly RecordedMetric[], limits: RecordedLimits, idempotencyWindowMs: number, counters: readonly RateCounter[]) => {
    const script = recordedCall(usage.of(project), project, metrics, { limits, idempotencyWindowMs, counters });
    const reply = call('record metrics', async (client) => {
      const [answer] = await write(client, [script]);
      return answer;
    });
    return { reply, ids: metrics.map((metric) => metric.id) };
  };
  const recordMetrics: UsageStore['recordMetrics'] = (project, metrics, limits, idempotencyWindowMs) => {
    const { reply, ids } = record(project, metrics, limits, idempotencyWindowMs, []);
    return reply.then((answer) => outcomeOf(answer, ids));
  };
  return {
    recordedTypes: (project, names) =>
      call('read recorded types', async (client): Promise<ReadonlyMap<string, StoredType>> => {
        if (names.length === 0) return new Map();
        const stored = await client.hmget(usage.of(project).recordedDefinitions, ...names.map((name) => definitionField(project, name)));
        return new Map(names.flatMap((name, index) => (stored[index] === null ? [] : [[name, typeOfDefinition(stored[index]!)] as const])));
      }),
    recordMetrics,
    recordMetricsWithinLimits: (project, metrics, limits, idempotencyWindowMs, rateLimits): Promise<LimitedRecordOutcome> => {
      // A cluster's counters are in no shard's slot: there the limits are drawn first, on their own.
      if (usage.all.length > 1) return drawThenRecordMetrics({ consumeRateLimit, recordMetrics }, project, metrics, limits, idempotencyWindowMs, rateLimits);
      const { windowMs, nowMs } = rateLimits;
      const counters = rateLimits.limits.map(({ key, limit }) => rateCounter(keys, key, limit, windowMs, nowMs));
      const { reply, ids } = record(project, metrics, limits, idempotencyWindowMs, counters);
      return reply.then((answer) => limitedOutcomeOf(answer, ids, counters));
    },
  };
}

function limitedOutcomeOf(reply: unknown, ids: readonly (string | undefined)[], counters: readonly RateCounter[]): LimitedRecordOutcome {
  if (Array.isArray(reply) && reply[0] === 'refused') {
    const counter = counters[Number(reply[1]) - 1];
    if (!counter) throw new Error(`unexpected script reply ${JSON.stringify(reply)}`);
    return { refused: { index: Number(reply[1]) - 1, decision: rateLimitDecision(Number(reply[2]), counter.limit, counter.window) } };
  }
  return { recorded: outcomeOf(reply, ids) };
}

/** `ids`: each value's id, by its index in the batch. */
function outcomeOf(reply: unknown, ids: readonly (string | undefined)[]): RecordOutcome {
  if (!Array.isArray(reply)) throw new Error(`unexpected script reply ${JSON.stringify(reply)}`);
  const [kind, ...rest] = reply as [string, ...unknown[]];
  if (kind === 'ok') return { ok: true, accepted: Number(rest[0]), duplicates: rest.slice(1).map((index) => ids[Number(index)] ?? '') };
  if (kind === 'names' || kind === 'series') return { ok: false, refusal: kind, limit: Number(rest[0]), current: Number(rest[1]), adding: Number(rest[2]) };
  if (kind === 'definition') return { ok: false, refusal: 'definition', index: Number(rest[0]), stored: String(rest[1]) };
  throw new Error(`unexpected script reply ${JSON.stringify(reply).slice(0, 200)}`);
}
