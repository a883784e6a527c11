/**
 * The original design's metric types and Pulse's usage types: the one table between them, with
 * the name the design shows each under and the unit Pulse reports it in. The analytics API
 * accepts either type name; answers use the name the caller gave.
 */
import { USAGE_TYPES, usageMetrics, type MetricDefinition, type UsageType } from '../../../common/metrics/catalogue';

export interface SeedMetricType {
  /** The design's `metric_type` (forecast, export). */
  readonly seedType: string;
  /** The design's `metric_name` on the real-time dashboard. */
  readonly displayName: string;
}

/** Per usage type; storage and bandwidth are bytes in Pulse (the design says GB). */
export const USAGE_TYPE_TABLE: Readonly<Record<UsageType, SeedMetricType>> = Object.freeze({
  participant_minutes: { seedType: 'participant_minutes', displayName: 'Participant Minutes' },
  egress_minutes: { seedType: 'egress_minutes', displayName: 'Egress Minutes' },
  storage_bytes: { seedType: 'storage_usage', displayName: 'Storage Usage' },
  bandwidth_bytes: { seedType: 'bandwidth_usage', displayName: 'Bandwidth Usage' },
  api_requests: { seedType: 'api_request', displayName: 'API Requests' },
});

/** The original design's `metric_type` for each usage type. */
export const SEED_METRIC_TYPES: Readonly<Record<UsageType, string>> = Object.freeze(
  Object.fromEntries(USAGE_TYPES.map((type) => [type, USAGE_TYPE_TABLE[type].seedType])) as Record<UsageType, string>,
);

/** Every name the API accepts, the original design's first. */
export const METRIC_TYPE_NAMES: readonly string[] = Object.freeze([...new Set([...Object.values(SEED_METRIC_TYPES), ...USAGE_TYPES])]);

export function usageTypeOf(name: string): UsageType | undefined {
  if ((USAGE_TYPES as readonly string[]).includes(name)) return name as UsageType;
  return USAGE_TYPES.find((type) => SEED_METRIC_TYPES[type] === name);
}

/** The catalogue's base unit; API requests, which have none, count requests. */
export function usageUnit(type: UsageType): string {
  const definition: MetricDefinition = usageMetrics[type];
  return definition.unit ?? 'requests';
}
