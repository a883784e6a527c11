/**
 * Custom metrics in an export, beside usage: a definition's recorded series (a recording rule of
 * the project, issue 13 part 1) and a project's recorded values (`pulse_custom_*`, part 2). What
 * each becomes in PromQL and in the `metric` column lives here; who may name which (the CLI asks
 * Prometheus, the API asks the store) is the caller's.
 */
import { WITHOUT_REPLICAS } from '../../common/metrics/usage-promql';
import { exposedName, type StoredType } from '../../exporter/src/recorded/model';
import type { UsageMetric } from './usage-metrics';

export type RecordedType = StoredType;

/** Values a project records itself, by their recorded name (the type decides the family). */
export interface RecordedExportMetric {
  readonly source: 'recorded';
  readonly name: string;
  readonly type: RecordedType;
}

/** A definition of a project, by its name; `series` is what its rule records (`project:eu_minutes:sum_rate5m`). */
export interface DefinitionExportMetric {
  readonly source: 'definition';
  readonly name: string;
  readonly series: string;
}

export type ExportMetric = UsageMetric | RecordedExportMetric | DefinitionExportMetric;

/** A name asked for that is not a usage type: which custom metric(s) it is, the caller looks up. */
export interface CustomName {
  readonly source: 'custom';
  readonly name: string;
}

export type RequestedMetric = UsageMetric | CustomName;

/** The name a caller gives for the metric (in --metrics, metrics[] and the job's answer). */
export const requestedName = (metric: ExportMetric | CustomName): string => (metric.source === 'usage' ? metric.type : metric.name);

/** A name that may be a custom metric's: snake_case, as both kinds require, and short enough for both. */
export const CUSTOM_NAME = /^[a-z][a-z0-9_]{0,99}$/;

/** Labels that are columns of their own, or the same for every value of a name (category), or replicas': not repeated in `metric`. */
const NOT_IN_METRIC = new Set(['project', 'region', 'category', 'instance', 'pod', 'job']);

const quoted = (value: string): string => JSON.stringify(value);

/** `name{a="x",le="0.5"}`: the series' own labels, sorted, in Prometheus' notation (none: the bare name). */
export function seriesText(name: string, labels: Readonly<Record<string, string>>): string {
  const own = Object.keys(labels)
    .filter((label) => !NOT_IN_METRIC.has(label))
    .sort()
    .map((label) => `${label}=${quoted(labels[label])}`);
  return own.length === 0 ? name : `${name}{${own.join(',')}}`;
}

/** One query of a custom metric: its PromQL over a `[window]`, and the `metric` column of each series it returns. */
export interface CustomQuery {
  readonly promql: (selectorMatchers: string, window: string) => string;
  readonly metricOf: (labels: Readonly<Record<string, string>>) => string;
}

const increase = (family: string) => (matchers: string, window: string) => `max ${WITHOUT_REPLICAS} (increase(${family}{${matchers}}[${window}]))`;

/**
 * Per step: a recorded counter's increase, a recorded gauge's peak (as storage_bytes), each
 * histogram bucket's, _sum's and _count's increase; a definition's mean over the step (a counter
 * definition records a per-second rate, a gauge definition a level). Replicas, which expose the
 * same stored values, collapse with max.
 */
export function customQueries(metric: RecordedExportMetric | DefinitionExportMetric): CustomQuery[] {
  if (metric.source === 'definition') {
    return [{ promql: (matchers, window) => `avg_over_time(${metric.series}{${matchers}}[${window}])`, metricOf: (labels) => seriesText(metric.series, labels) }];
  }
  const family = exposedName(metric.name, metric.type);
  if (metric.type === 'counter') return [{ promql: increase(family), metricOf: (labels) => seriesText(metric.name, labels) }];
  if (metric.type === 'gauge') {
    return [{ promql: (matchers, window) => `max ${WITHOUT_REPLICAS} (max_over_time(${family}{${matchers}}[${window}]))`, metricOf: (labels) => seriesText(metric.name, labels) }];
  }
  return ['bucket', 'sum', 'count'].map((part) => ({ promql: increase(`${family}_${part}`), metricOf: (labels) => seriesText(`${metric.name}_${part}`, labels) }));
}
