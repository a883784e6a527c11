/**
 * The usage series the export reads, as named by the metric catalogue: this is the one place
 * that turns a usage type into its metric name and kind, so a rename in the catalogue reaches
 * the export (and its tests) without anyone typing a name twice.
 */
import { USAGE_TYPES, usageMetrics, type UsageType } from '../../common/metrics/catalogue';

export interface UsageMetric {
  readonly source: 'usage';
  /** The usage type, as written in --metrics and in the `metric` column. */
  readonly type: UsageType;
  /** The Prometheus metric name. */
  readonly name: string;
  /** Counters are exported as increases per step, gauges as their level at the end of the step. */
  readonly kind: 'counter' | 'gauge';
}

export function usageMetric(type: UsageType): UsageMetric {
  const { name, type: kind } = usageMetrics[type];
  if (kind !== 'counter' && kind !== 'gauge') throw new Error(`usage metric ${name}: the export reads counters and gauges, not ${kind}s`);
  return { source: 'usage', type, name, kind };
}

export const USAGE_METRICS: readonly UsageMetric[] = Object.freeze(USAGE_TYPES.map(usageMetric));

export function findUsageMetric(type: string): UsageMetric | undefined {
  return USAGE_METRICS.find((metric) => metric.type === type);
}
