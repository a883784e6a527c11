/**
 * Custom metrics of the original design: an aggregation (sum, avg, min, max, count) of a
 * catalogue metric, grouped by labels, as a recording rule named level:metric:operations.
 */
import type { ConfigProblem } from '../../../common/config/errors';
import type { MetricDefinition } from '../../../common/metrics/catalogue';
import type { RecordingRule, RuleFile } from '../model/types';
import { dur, matchers, WITHOUT_REPLICAS } from '../render/promql';
import type { Located } from '../spec-files/load-specs';
import type { CustomMetricsSpec } from '../spec-files/schema';

type CustomMetric = CustomMetricsSpec['metrics'][number];

export function customMetricRecord(metric: CustomMetric): string {
  const level = metric.by.length > 0 ? metric.by.join('_') : 'global';
  const window = dur(metric.window);
  const operation = metric.type === 'gauge' ? metric.aggregation : `${metric.aggregation}_rate${window}`;
  return `${level}:${metric.name}:${operation}`;
}

function expression(metric: CustomMetric): string {
  const sel = matchers(metric.matchers);
  const by = `by (${metric.by.join(', ')})`;
  const window = dur(metric.window);
  if (metric.type === 'gauge') {
    if (metric.aggregation === 'count') return `count ${by} (max ${WITHOUT_REPLICAS} (${metric.metric}${sel}))`;
    return `${metric.aggregation} ${by} (max ${WITHOUT_REPLICAS} (${metric.metric}${sel}))`;
  }
  if (metric.type === 'counter') {
    return `${metric.aggregation} ${by} (max ${WITHOUT_REPLICAS} (rate(${metric.metric}${sel}[${window}])))`;
  }
  // Histograms: avg is the mean observation; sum and count are rates of _sum and _count.
  const rateOf = (suffix: string) => `sum ${by} (max ${WITHOUT_REPLICAS} (rate(${metric.metric}_${suffix}${sel}[${window}])))`;
  if (metric.aggregation === 'avg') return `${rateOf('sum')} / ${rateOf('count')}`;
  return rateOf(metric.aggregation === 'sum' ? 'sum' : 'count');
}

export function checkCustomMetrics(located: Located<CustomMetricsSpec>, catalogue: ReadonlyMap<string, MetricDefinition>, problems: ConfigProblem[]): void {
  const { spec, at } = located;
  const problem = (path: PropertyKey[], message: string) => problems.push({ file: at.file, line: at.lineOf(path), path, message });
  spec.metrics.forEach((metric, index) => {
    const def = catalogue.get(metric.metric);
    if (!def) {
      problem(['metrics', index, 'metric'], `must be a metric of the catalogue (got "${metric.metric}")`);
      return;
    }
    if (def.type !== metric.type) problem(['metrics', index, 'type'], `must match the catalogue, where ${def.name} is a ${def.type} (got "${metric.type}")`);
    if (metric.type === 'histogram' && (metric.aggregation === 'min' || metric.aggregation === 'max')) {
      problem(['metrics', index, 'aggregation'], `must be sum, avg or count for a histogram (got "${metric.aggregation}")`);
    }
    metric.by.forEach((label, i) => {
      if (!def.labels.includes(label)) problem(['metrics', index, 'by', i], `must be a label of ${def.name} (${def.labels.join(', ')}) (got "${label}")`);
    });
    for (const label of Object.keys(metric.matchers)) {
      if (!def.labels.includes(label)) problem(['metrics', index, 'matchers', label], `must be a label of ${def.name} (${def.labels.join(', ')}) (got "${label}")`);
    }
  });
}

export function buildCustomMetrics(specs: readonly Located<CustomMetricsSpec>[]): RuleFile {
  const rules: RecordingRule[] = specs.flatMap(({ spec }) => spec.metrics.map((m): RecordingRule => ({ kind: 'record', record: customMetricRecord(m), expr: expression(m) })));
  return { name: 'custom-metrics', groups: [{ name: 'pulse-custom-metrics', rules }] };
}
