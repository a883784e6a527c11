/**
 * The one PromQL for "usage per project and region over a window": the forecaster reads it, the
 * export reads it, and the aggregate recording rules record it for counters. Label values are the
 * caller's to escape; `matchers` goes inside the selector's braces as it is.
 */
import { usageMetrics, type UsageType } from './catalogue';

/** Labels that only tell replicas apart (instance, the Kubernetes pod, the scrape job). */
export const REPLICA_LABELS = ['instance', 'pod', 'job'] as const;
/** Every replica exposes the same totals (they share the store): deduplicated with max, never summed. */
export const WITHOUT_REPLICAS = `without (${REPLICA_LABELS.join(', ')})`;

/**
 * Per project and region, for the `window` that ends at each evaluation time: a counter's increase,
 * and for storage (a level) its highest value within the window. The peak, not the last value or
 * the change: a quota or capacity is crossed as soon as the level touches it, so the peak is what
 * limits, forecasts and bills compare against; `last_over_time` depends on where the window ends
 * relative to the last report (one missed scrape moves a day's figure), and `delta` measures
 * growth, not use (a steady 1 TB reads 0, a deletion reads negative). Replicas collapse with max
 * on every replica label, `pod` included, before the sum.
 */
export function usagePerProjectQuery(type: UsageType, window: string, matchers = ''): string {
  const def = usageMetrics[type];
  const selector = `${def.name}${matchers ? `{${matchers}}` : ''}[${window}]`;
  const perReplica = def.type === 'counter' ? `increase(${selector})` : `max_over_time(${selector})`;
  return `sum by (project, region) (max ${WITHOUT_REPLICAS} (${perReplica}))`;
}
