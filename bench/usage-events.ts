/** Usage batches as clients send them to POST /api/v1/usage/events. */
import { USAGE_TYPES, type UsageType } from '../common/metrics/catalogue';

/** The running totals (every type but the storage level), which Redis keeps with HINCRBYFLOAT. */
export const COUNTER_TYPES: readonly UsageType[] = USAGE_TYPES.filter((type) => type !== 'storage_bytes');

export interface BenchEvent {
  readonly id: string;
  readonly project: string;
  readonly region: string;
  readonly type: UsageType;
  readonly value: number;
  readonly timestamp: number;
}

/**
 * `size` events of one project with ids unique to (runId, sequence), spread over the regions and
 * counter types, so every event is new and counted.
 */
export function counterBatch(options: { runId: string; sequence: number; size: number; project: string; regions: readonly string[]; nowMs: number }): BenchEvent[] {
  return Array.from({ length: options.size }, (_, index) => ({
    id: `${options.runId}-${options.sequence}-${index}`,
    project: options.project,
    region: options.regions[index % options.regions.length],
    type: COUNTER_TYPES[index % COUNTER_TYPES.length],
    value: 1 + (index % 7),
    timestamp: options.nowMs,
  }));
}

export const batchBody = (events: readonly BenchEvent[]): string => JSON.stringify({ events });
