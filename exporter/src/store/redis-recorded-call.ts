/**
 * One batch of recorded values as a call of RECORD_METRICS (redis-recorded-script.ts documents
 * the arguments): each distinct name and series once, in one JSON argument, and the ids as one
 * buffer of digests — the shape redis-usage-call.ts gives a usage batch, for the same reason
 * (ioredis' work per argument, and a Redis key per id).
 */
import { BUCKET_PARTS, definitionOf, fieldStem, type RecordedLimits, type RecordedMetric } from '../recorded/model';
import type { RedisKeys } from './redis-keys';
import type { RateCounter } from './redis-rate-limit';
import { RECORD_METRICS } from './redis-recorded-script';
import type { ScriptCall } from './redis-replicated-write';
import { idDigestHex } from './redis-seen-ids';

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
 * What a call needs of a series, kept per project and series key between batches: a project
 * records into the same series again and again, and making its stem (JSON.stringify) and then
 * escaping it into the batch's JSON were the call's dearest steps (bench/README.md). `batch` and
 * `number` say which batch last numbered the series, so one lookup finds both.
 * Bounded: a project keeps at most STEMS_PER_PROJECT (more than the default series limit), and
 * at most STEM_PROJECTS projects are kept; past either bound the map is emptied and fills again.
 */
interface KnownSeries {
  /** The stem as a JSON string, ready for the batch's JSON. */
  readonly stemJson: string;
  batch: number;
  number: number;
}
const STEMS_PER_PROJECT = 10_000;
const STEM_PROJECTS = 1_000;
const seriesByProject = new Map<string, Map<string, KnownSeries>>();
let batches = 0;

function knownSeries(project: string, key: string, metric: RecordedMetric): KnownSeries {
  let known = seriesByProject.get(project);
  if (!known) {
    if (seriesByProject.size >= STEM_PROJECTS) seriesByProject.clear();
    seriesByProject.set(project, (known = new Map()));
  }
  let series = known.get(key);
  if (series === undefined) {
    if (known.size >= STEMS_PER_PROJECT) known.clear();
    known.set(key, (series = { stemJson: JSON.stringify(fieldStem(project, metric)), batch: 0, number: 0 }));
  }
  return series;
}

export interface RecordedCallOptions {
  readonly limits: RecordedLimits;
  readonly idempotencyWindowMs: number;
  /** Rate limits drawn in the same step (one Redis only: their keys are in no shard's slot). */
  readonly counters?: readonly RateCounter[];
}

const BUCKETS_JSON = JSON.stringify(BUCKET_PARTS);

/** The batch's JSON is written piece by piece: series rows reuse their stem's JSON, and values are numbers' text, which JSON never escapes. */
export function recordedCall(keys: RedisKeys, project: string, metrics: readonly RecordedMetric[], { limits, idempotencyWindowMs, counters = [] }: RecordedCallOptions): ScriptCall {
  const batch = ++batches;
  const defs: [string, string][] = [];
  const defNumbers = new Map<string, number>();
  // The script's columns (redis-recorded-script.ts): a series or a metric is one index in each.
  const seriesDefs: number[] = [];
  const seriesStems: string[] = [];
  const seriesTypes: string[] = [];
  const metricSeries: number[] = [];
  const metricValues: string[] = [];
  const metricIds: number[] = [];
  const digests: string[] = [];
  for (const metric of metrics) {
    let defNumber = defNumbers.get(metric.name);
    if (defNumber === undefined) {
      defs.push([metric.name, definitionOf(metric)]);
      defNumbers.set(metric.name, (defNumber = defs.length));
    }
    const series = knownSeries(project, seriesKey(metric), metric);
    if (series.batch !== batch) {
      seriesDefs.push(defNumber);
      seriesStems.push(series.stemJson);
      seriesTypes.push(`"${metric.type}"`);
      series.batch = batch;
      series.number = seriesStems.length;
    }
    if (metric.id !== undefined) digests.push(idDigestHex(project, metric.id));
    metricSeries.push(series.number);
    // The value as text, so the script stores exactly what JavaScript wrote.
    metricValues.push(`"${String(metric.value)}"`);
    metricIds.push(metric.id === undefined ? 0 : 1);
  }
  const owner = definitionField(project, '');
  const rateLimits = JSON.stringify(counters.map((counter) => [counter.limit, counter.expireMs]));
  const json = `{"owner":${JSON.stringify(owner)},"maxNames":${limits.maxNames},"maxSeries":${limits.maxSeries},"buckets":${BUCKETS_JSON},"defs":${JSON.stringify(defs)},"seriesDefs":[${seriesDefs.join(',')}],"seriesStems":[${seriesStems.join(',')}],"seriesTypes":[${seriesTypes.join(',')}],"metricSeries":[${metricSeries.join(',')}],"metricValues":[${metricValues.join(',')}],"metricIds":[${metricIds.join(',')}],"limits":${rateLimits}}`;
  return {
    script: RECORD_METRICS,
    keys: [keys.usageTotals, keys.usageEpoch, keys.usageVersion, keys.usageChanges, keys.recordedDefinitions, keys.recordedCounts, keys.recordedSeen(project), ...counters.map((counter) => counter.key)],
    args: [String(idempotencyWindowMs), json, Buffer.from(digests.join(''), 'hex')],
  };
}
