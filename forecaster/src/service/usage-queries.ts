/**
 * The PromQL the forecaster reads, per usage type: per project and region, the total within each
 * step (counters; replicas deduplicated with max) or the level at the end of it (storage).
 */
import { usageMetrics, type UsageType } from '../../../common/metrics/catalogue';

const WITHOUT_REPLICAS = 'without (instance, pod, job)';

export function usageQuery(type: UsageType, step: '1d' | '1h'): string {
  const def = usageMetrics[type];
  if (def.type === 'gauge') return `max by (project, region) (max_over_time(${def.name}[${step}]))`;
  return `sum by (project, region) (max ${WITHOUT_REPLICAS} (increase(${def.name}[${step}])))`;
}
