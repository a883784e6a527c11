/**
 * Raw samples → one value per bucket (UTC-aligned, e.g. days or hours). Missing buckets come out
 * as NaN for `fillGaps` to handle; incomplete buckets at either end are dropped, because a partial
 * first or last day would look like a dip in a daily total.
 */
import type { Aggregation, RawSeries } from './types';

export interface Buckets {
  readonly startMs: number;
  readonly stepMs: number;
  /** NaN where a bucket had fewer than half its expected samples. */
  readonly values: readonly number[];
  /** The raw sampling interval found (median spacing). */
  readonly sampleMs: number;
}

export class AggregationError extends Error {}

/** A bucket with fewer than this share of its expected samples counts as missing. */
const MIN_BUCKET_FILL = 0.5;

export function aggregate(raw: RawSeries, options: { bucketMs: number; agg: Aggregation }): Buckets {
  const { bucketMs, agg } = options;
  const sampleMs = medianSpacing(raw.times);
  if (sampleMs > bucketMs) {
    throw new AggregationError(`samples are ${sampleMs / 1000}s apart, coarser than the ${bucketMs / 1000}s buckets asked for`);
  }
  if (bucketMs % sampleMs !== 0) {
    throw new AggregationError(`samples are ${sampleMs / 1000}s apart, which does not divide the ${bucketMs / 1000}s buckets`);
  }
  const expected = bucketMs / sampleMs;
  const first = Math.floor(raw.times[0] / bucketMs);
  const last = Math.floor(raw.times[raw.times.length - 1] / bucketMs);
  const sums = new Array<number>(last - first + 1).fill(0);
  const counts = new Array<number>(last - first + 1).fill(0);
  for (let index = 0; index < raw.times.length; index += 1) {
    const bucket = Math.floor(raw.times[index] / bucketMs) - first;
    sums[bucket] += raw.values[index];
    counts[bucket] += 1;
  }
  let from = 0;
  let to = counts.length;
  while (from < to && counts[from] < expected) from += 1;
  while (to > from && counts[to - 1] < expected) to -= 1;
  const values: number[] = [];
  for (let bucket = from; bucket < to; bucket += 1) {
    const count = counts[bucket];
    if (count < expected * MIN_BUCKET_FILL) values.push(Number.NaN);
    // A sum over a bucket missing a few samples is scaled up, as if the missing ones were average.
    else values.push(agg === 'sum' ? (sums[bucket] * expected) / count : sums[bucket] / count);
  }
  return { startMs: (first + from) * bucketMs, stepMs: bucketMs, values, sampleMs };
}

function medianSpacing(times: readonly number[]): number {
  if (times.length < 2) throw new AggregationError('fewer than two samples');
  const spacings = times.slice(1).map((time, index) => time - times[index]);
  spacings.sort((a, b) => a - b);
  return spacings[Math.floor(spacings.length / 2)];
}
