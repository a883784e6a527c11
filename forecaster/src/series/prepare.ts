/**
 * Raw samples → the regular series the backtest needs: aggregated to the chosen period, checked
 * for gaps, gaps filled, seasons found. A series that cannot be trusted comes back as a reason,
 * never as an exception, so one bad series never stops a run over many.
 */
import { aggregate, AggregationError } from './aggregate';
import { fillGaps, measureGaps } from './gaps';
import { seasonalPeriods, type SeasonSpec } from './season';
import type { Aggregation, RawSeries, RegularSeries } from './types';

export interface PreparedSeries extends RegularSeries {
  /** Seasonal periods in points, shortest first. */
  readonly periods: readonly number[];
  readonly sampleMs: number;
}

export type Prepared = { readonly ok: true; readonly series: PreparedSeries } | { readonly ok: false; readonly reason: string };

/** More missing buckets than this and the series is skipped. */
export const MAX_MISSING_FRACTION = 0.1;

export function prepareSeries(raw: RawSeries, options: { bucketMs: number; agg: Aggregation; season: SeasonSpec }): Prepared {
  let buckets;
  try {
    buckets = aggregate(raw, options);
  } catch (error) {
    if (error instanceof AggregationError) return { ok: false, reason: error.message };
    throw error;
  }
  const periods = seasonalPeriods({ spec: options.season, stepMs: buckets.stepMs, length: buckets.values.length });
  const gaps = measureGaps(buckets.values);
  const longestPeriod = periods[periods.length - 1] ?? 1;
  // A gap up to one season long is filled from the season before; a longer one would be invented.
  const maxGap = Math.max(longestPeriod, 3);
  if (gaps.missingFraction > MAX_MISSING_FRACTION) {
    const percent = (100 * gaps.missingFraction).toFixed(0);
    return { ok: false, reason: `too gappy: ${gaps.missing} of ${buckets.values.length} buckets missing (${percent} %, at most ${100 * MAX_MISSING_FRACTION} %)` };
  }
  if (gaps.longestGap > maxGap) {
    return { ok: false, reason: `too gappy: ${gaps.longestGap} buckets missing in a row (at most ${maxGap})` };
  }
  return {
    ok: true,
    series: {
      startMs: buckets.startMs,
      stepMs: buckets.stepMs,
      values: fillGaps(buckets.values, longestPeriod),
      observed: buckets.values.map((value) => !Number.isNaN(value)),
      periods,
      sampleMs: buckets.sampleMs,
    },
  };
}
