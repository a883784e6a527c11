/**
 * One batch of recorded values as a call of RECORD_METRICS (redis-recorded-script.ts documents
 * the arguments): each distinct name and series once, in one JSON argument, and the ids as one
 * buffer of digests — the shape redis-usage-call.ts gives a usage batch, for the same reason
 * (ioredis' work per argument, and a Redis key per id).
 */
import { bucketPart, definitionOf, fieldStem, INF_PART, RECORDED_BUCKETS, type RecordedLimits, type RecordedMetric } from '../recorded/model';
import type { RedisKeys } from './redis-keys';
import type { RateCounter } from './redis-rate-limit';
import { RECORD_METRICS } from './redis-recorded-script';
import type { ScriptCall } from './redis-replicated-write';
import { idDigestHex } from './redis-seen-ids';

const BUCKET_PARTS = [...RECORDED_BUCKETS.map(bucketPart), INF_PART];

/** The definitions hash's field of a project's name, as the script writes it (owner + name). */
export const definitionField = (project: string, name: string): string => `${JSON.stringify(project)}/${name}`;

/**
 * A series within one validated batch: its name and label values (a name keeps one type,
 * category and set of label names in a batch, validate.ts). Label values hold no control
 * characters, so NUL cannot occur inside one.
 */
const seriesKey = (metric: RecordedMetric): string => {
  let key = metric.name;
  for (const label of metric.labels) key += `\u0000${label[1]}`;
  return key;
};

export interface RecordedCallOptions {
  readonly limits: RecordedLimits;
  readonly idempotencyWindowMs: number;
  /** Rate limits drawn in the same step (one Redis only: their keys are in no shard's slot). */
  readonly counters?: readonly RateCounter[];
}

export function recordedCall(keys: RedisKeys, project: string, metrics: readonly RecordedMetric[], { limits, idempotencyWindowMs, counters = [] }: RecordedCallOptions): ScriptCall {
  const defs: [string, string][] = [];
  const defNumbers = new Map<string, number>();
  const series: [number, string, string][] = [];
  const seriesNumbers = new Map<string, number>();
  const digests: string[] = [];
  const rows = metrics.map((metric): [number, string, number] => {
    let defNumber = defNumbers.get(metric.name);
    if (defNumber === undefined) {
      defs.push([metric.name, definitionOf(metric)]);
      defNumbers.set(metric.name, (defNumber = defs.length));
    }
    const key = seriesKey(metric);
    let seriesNumber = seriesNumbers.get(key);
    if (seriesNumber === undefined) {
      series.push([defNumber, fieldStem(project, metric), metric.type]);
      seriesNumbers.set(key, (seriesNumber = series.length));
    }
    if (metric.id !== undefined) digests.push(idDigestHex(project, metric.id));
    // The value as text, so the script stores exactly what JavaScript wrote.
    return [seriesNumber, String(metric.value), metric.id === undefined ? 0 : 1];
  });
  const owner = definitionField(project, '');
  const batch = JSON.stringify({
    owner,
    maxNames: limits.maxNames,
    maxSeries: limits.maxSeries,
    buckets: BUCKET_PARTS,
    defs,
    series,
    metrics: rows,
    limits: counters.map((counter) => [counter.limit, counter.expireMs]),
  });
  return {
    script: RECORD_METRICS,
    keys: [keys.usageTotals, keys.usageEpoch, keys.usageVersion, keys.usageChanges, keys.recordedDefinitions, keys.recordedCounts, keys.recordedSeen(project), ...counters.map((counter) => counter.key)],
    args: [String(idempotencyWindowMs), batch, Buffer.from(digests.join(''), 'hex')],
  };
}
