/**
 * What an alert's `metric_name` names: one of the project's usage types, or a custom metric
 * definition of the same project (by its name), whose recording rule the alert then reads. A usage
 * type wins over a custom metric of the same name. Pure.
 */
import { USAGE_TYPES, type MetricDefinition, type UsageType } from '../../../common/metrics/catalogue';
import { customMetricSeries } from '../custom-metrics/render';
import type { CustomMetric } from '../custom-metrics/types';

export type AlertMetric = { readonly kind: 'usage'; readonly type: UsageType } | { readonly kind: 'custom'; readonly metric: CustomMetric };

const isUsageType = (name: string): name is UsageType => (USAGE_TYPES as readonly string[]).includes(name);

/** undefined when the name is neither a usage type nor a definition of the project. */
export function resolveAlertMetric(name: string, customs: readonly CustomMetric[]): AlertMetric | undefined {
  if (isUsageType(name)) return { kind: 'usage', type: name };
  const metric = customs.find((m) => m.name === name);
  return metric ? { kind: 'custom', metric } : undefined;
}

/** A custom metric's recorded series as a catalogue entry, so the alert-rules checks accept it: a gauge with the rule's labels. */
export function recordedDefinition(metric: CustomMetric): MetricDefinition {
  return { name: customMetricSeries(metric.project_id, metric), help: metric.description, type: 'gauge', labels: ['project', ...metric.query.by] };
}
