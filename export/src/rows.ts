/** Prometheus' range answer for one metric and chunk → export rows (pure). */
import type { RangeSeries } from '../../common/prometheus/query-range-client';
import { formatTimestamp } from './time';

export type { RangeSeries };

export interface ExportRow {
  /** Start of the step the row covers, RFC 3339 UTC. */
  readonly timestamp: string;
  /** The usage type (participant_minutes …). */
  readonly metric: string;
  readonly project: string;
  readonly region: string;
  /** Prometheus' own decimal text, so no precision is lost on the way through. */
  readonly value: string;
}

// Code-unit order, not locale order: the same input sorts the same on every machine.
const compareText = (a = '', b = ''): number => (a < b ? -1 : a > b ? 1 : 0);
const byProjectThenRegion = (a: RangeSeries, b: RangeSeries): number =>
  compareText(a.labels.project, b.labels.project) || compareText(a.labels.region, b.labels.region);

/**
 * One row per returned point, series sorted by project then region, each series' points in
 * time order. A value is evaluated at the end of its step; the row is stamped with the step's
 * start, so a daily export reads "2026-11-01: usage during 1 November".
 */
export function rowsFromRange(series: readonly RangeSeries[], context: { readonly metric: string; readonly stepMs: number }): ExportRow[] {
  return [...series].sort(byProjectThenRegion).flatMap((one) =>
    one.values.map(([seconds, value]) => ({
      timestamp: formatTimestamp(Math.round(seconds * 1000) - context.stepMs),
      metric: context.metric,
      project: one.labels.project ?? '',
      region: one.labels.region ?? '',
      value,
    })),
  );
}
