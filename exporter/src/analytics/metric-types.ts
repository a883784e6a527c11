/**
 * The original design's metric types and Pulse's usage types: the one table between them. The
 * analytics API accepts either name; answers use the name the caller gave.
 */
import { USAGE_TYPES, type UsageType } from '../../../common/metrics/catalogue';

/** The original design's name for each usage type (storage and bandwidth are bytes in Pulse). */
export const SEED_METRIC_TYPES: Readonly<Record<UsageType, string>> = Object.freeze({
  participant_minutes: 'participant_minutes',
  egress_minutes: 'egress_minutes',
  storage_bytes: 'storage_usage',
  bandwidth_bytes: 'bandwidth_usage',
  api_requests: 'api_request',
});

/** Every name the API accepts, the original design's first. */
export const METRIC_TYPE_NAMES: readonly string[] = Object.freeze([...new Set([...Object.values(SEED_METRIC_TYPES), ...USAGE_TYPES])]);

export function usageTypeOf(name: string): UsageType | undefined {
  if ((USAGE_TYPES as readonly string[]).includes(name)) return name as UsageType;
  return USAGE_TYPES.find((type) => SEED_METRIC_TYPES[type] === name);
}
