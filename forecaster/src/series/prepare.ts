/**
 * Raw samples → the regular series the backtest needs: aggregated to the chosen period, checked
 * for gaps, gaps filled, seasons found. A series that cannot be trusted comes back as a reason,
 * never as an exception, so one bad series never stops a run over many.
 *
 * Real usage has holes (an exporter down for a day, a week of lost scrapes, a region added late),
 * so a gap is forecast through, not refused: it is filled from the season before (causal: an
 * origin never sees a value filled from after it) and its buckets are never scored. A gap longer
 * than `maxGapBuckets` would be mostly invented, so the history before it is dropped and the
 * forecast rests on the stretch after it; only what is left too short or too holed is skipped.
 */
import { aggregate, AggregationError } from './aggregate';
import { fillGaps, measureGaps } from './gaps';
import { seasonalPeriods, type SeasonSpec } from './season';
import type { Aggregation, RawSeries, RegularSeries } from './types';

export interface PreparedSeries extends RegularSeries {
  /** Seasonal periods in points, shortest first. */
  readonly periods: readonly number[];
  readonly sampleMs: number;
  /** Buckets dropped at the start because a longer gap than `maxGapBuckets` followed them. */
  readonly droppedBuckets: number;
}

export type Prepared = { readonly ok: true; readonly series: PreparedSeries } | { readonly ok: false; readonly reason: string };

/** More missing buckets than this (after dropping history before an over-long gap) and the series is skipped. */
export const MAX_MISSING_FRACTION = 0.3;
/** The longest gap filled, in buckets, unless the longest season is longer: 4 weeks of days. */
export const MAX_GAP_BUCKETS = 28;

/** The longest run of missing buckets that is filled: 28 buckets or the longest season (a week of hours). */
export function maxGapBuckets(periods: readonly number[]): number {
  return Math.max(MAX_GAP_BUCKETS, periods[periods.length - 1] ?? 1);
}

export function prepareSeries(raw: RawSeries, options: { bucketMs: number; agg: Aggregation; season: SeasonSpec }): Prepared {
  let buckets;
  try {
    buckets = aggregate(raw, options);
  } catch (error) {
    if (error instanceof AggregationError) return { ok: false, reason: error.message };
    throw error;
  }
  const allPeriods = seasonalPeriods({ spec: options.season, stepMs: buckets.stepMs, length: buckets.values.length });
  const maxGap = maxGapBuckets(allPeriods);
  const from = afterLastLongGap(buckets.values, maxGap);
  const values = buckets.values.slice(from);
  // Seasons are found again on what is kept: a week needs two full cycles of it.
  const periods = seasonalPeriods({ spec: options.season, stepMs: buckets.stepMs, length: values.length });
  const gaps = measureGaps(values);
  if (gaps.missingFraction > MAX_MISSING_FRACTION) {
    const percent = (100 * gaps.missingFraction).toFixed(0);
    return { ok: false, reason: `too gappy: ${gaps.missing} of ${values.length} buckets missing (${percent} %, at most ${100 * MAX_MISSING_FRACTION} %)` };
  }
  const longestPeriod = periods[periods.length - 1] ?? 1;
  return {
    ok: true,
    series: {
      startMs: buckets.startMs + from * buckets.stepMs,
      stepMs: buckets.stepMs,
      values: fillGaps(values, longestPeriod),
      observed: values.map((value) => !Number.isNaN(value)),
      periods,
      sampleMs: buckets.sampleMs,
      droppedBuckets: from,
    },
  };
}

/** The index just after the last run of more than `maxGap` missing buckets (0 when there is none). */
function afterLastLongGap(values: readonly number[], maxGap: number): number {
  let run = 0;
  let from = 0;
  values.forEach((value, index) => {
    run = Number.isNaN(value) ? run + 1 : 0;
    if (run > maxGap) from = index + 1;
  });
  return from;
}
