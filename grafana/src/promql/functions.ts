/** Small writers for the PromQL shapes the dashboards repeat. */
import { WITHOUT_REPLICAS } from '../../../alert-rules/src/render/promql';
import { FIXED_WINDOW_MARKER } from './lint-markers';

/** Grafana's interval for rate(): at least four scrapes, and never shorter than the step. */
export const RATE_INTERVAL = '$__rate_interval';

export const rate = (series: string): string => `rate(${series}[${RATE_INTERVAL}])`;

/** `sum by (a, b) (expr)`, or `sum(expr)` without labels. */
export function sumBy(labels: readonly string[], expr: string): string {
  return labels.length === 0 ? `sum(${expr})` : `sum by (${labels.join(', ')}) (${expr})`;
}

export function aggregateBy(op: 'sum' | 'max' | 'min' | 'avg' | 'count', labels: readonly string[], expr: string): string {
  return labels.length === 0 ? `${op}(${expr})` : `${op} by (${labels.join(', ')}) (${expr})`;
}

/**
 * Every exporter replica exposes the same usage totals (they live in the shared store), so
 * replicas are deduplicated with max before anything is summed — the rules do the same.
 */
export const dedupeReplicas = (expr: string): string => `max ${WITHOUT_REPLICAS} (${expr})`;
/** One replica's copy of each series, keeping its name (for selectors of many metric names, where max would drop it). */
export const oneReplica = (expr: string): string => `topk ${WITHOUT_REPLICAS} (1, ${expr})`;

/** The `quantile` of a histogram's buckets, kept apart by `labels`. */
export function histogramQuantile(quantile: number, labels: readonly string[], bucketSeries: string): string {
  return `histogram_quantile(${quantile}, ${sumBy([...labels, 'le'], rate(bucketSeries))})`;
}

/**
 * A query whose range is deliberately not $__rate_interval (hourly buckets, the dashboard's whole
 * range): the PromQL comment says why, and the dashboard linter accepts the window because of it.
 */
export function withFixedWindow(reason: string, expr: string): string {
  return `${FIXED_WINDOW_MARKER} ${reason}\n${expr}`;
}
