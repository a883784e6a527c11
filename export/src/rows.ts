/** Prometheus' range answer for one metric and chunk → export rows (pure). */
import type { RangeSeries } from '../../common/prometheus/query-range-client';
import { formatTimestamp } from './time';

export type { RangeSeries };

export interface ExportRow {
  /** Start of the step the row covers, RFC 3339 UTC. */
  readonly timestamp: string;
  /** The usage type (participant_minutes …), or a custom metric's series (custom-metrics.ts). */
  readonly metric: string;
  readonly project: string;
  readonly region: string;
  /** Prometheus' own decimal text, so no precision is lost on the way through. */
  readonly value: string;
}

// Code-unit order, not locale order: the same input sorts the same on every machine.
const compareText = (a = '', b = ''): number => (a < b ? -1 : a > b ? 1 : 0);

/** The `metric` column: the same for every series (usage), or told by each series' labels (custom metrics). */
export type MetricColumn = string | ((labels: Readonly<Record<string, string>>) => string);

/** A histogram bucket's bound as a number (`+Inf` last), so `le="2.5"` comes before `le="10"`. */
const bucketBound = (le: string | undefined): number => (le === undefined ? -Infinity : le === '+Inf' ? Infinity : Number(le));

/**
 * One row per returned point, series sorted by project, region, then metric column (a histogram's
 * buckets by their bound as a number, not as text), each series'
 * points in time order. A value is evaluated at the end of its step; the row is stamped with the step's
 * start, so a daily export reads "2026-11-01: usage during 1 November".
 */
export function rowsFromRange(series: readonly RangeSeries[], context: { readonly metric: MetricColumn; readonly stepMs: number }): ExportRow[] {
  const { metric } = context;
  const columnOf = (labels: Readonly<Record<string, string>>) => (typeof metric === 'string' ? metric : metric(labels));
  const named = series.map((one) => {
    const { le, ...others } = one.labels;
    return { one, metric: columnOf(one.labels), withoutBound: le === undefined ? undefined : columnOf(others), bound: bucketBound(le) };
  });
  named.sort(
    (a, b) =>
      compareText(a.one.labels.project, b.one.labels.project) ||
      compareText(a.one.labels.region, b.one.labels.region) ||
      compareText(a.withoutBound ?? a.metric, b.withoutBound ?? b.metric) ||
      a.bound - b.bound ||
      compareText(a.metric, b.metric),
  );
  return named.flatMap(({ one, metric: column }) =>
    one.values.map(([seconds, value]) => ({
      timestamp: formatTimestamp(Math.round(seconds * 1000) - context.stepMs),
      metric: column,
      project: one.labels.project ?? '',
      region: one.labels.region ?? '',
      value,
    })),
  );
}
