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
 * A series of a project, everything its stem holds but the project: name, type, category, labels.
 * Names, label names and values hold no control characters (validate.ts), so NUL cannot occur
 * inside one.
 */
const seriesKey = (metric: RecordedMetric): string => {
  let key = `${metric.name}\u0000${metric.type}\u0000${metric.category}`;
  for (const [name, value] of metric.labels) key += `\u0000${name}\u0000${value}`;
  return key;
};

/**
 * Field stems by project and series key, kept between batches: a project records into the same
 * series again and again, and the stem's JSON.stringify was the call's dearest step (bench/README.md).
 * Bounded: a project keeps at most STEMS_PER_PROJECT (more than the default series limit), and
 * at most STEM_PROJECTS projects are kept; past either bound the map is emptied and fills again.
 */
const STEMS_PER_PROJECT = 10_000;
const STEM_PROJECTS = 1_000;
const stemsByProject = new Map<string, Map<string, string>>();

function stemOf(project: string, key: string, metric: RecordedMetric): string {
  let stems = stemsByProject.get(project);
  if (!stems) {
    if (stemsByProject.size >= STEM_PROJECTS) stemsByProject.clear();
    stemsByProject.set(project, (stems = new Map()));
  }
  let stem = stems.get(key);
  if (stem === undefined) {
    if (stems.size >= STEMS_PER_PROJECT) stems.clear();
    stems.set(key, (stem = fieldStem(project, metric)));
  }
  return stem;
}

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
      series.push([defNumber, stemOf(project, key, metric), metric.type]);
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
