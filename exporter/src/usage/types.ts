/** Usage events as the ingestion API accepts them, after validation. */

import type { UsageType } from '../../../common/metrics/catalogue';

export { USAGE_TYPES, type UsageType } from '../../../common/metrics/catalogue';

/** storage_bytes is a level (the last reported value wins); every other type is a running total. */
export const GAUGE_USAGE_TYPES: ReadonlySet<UsageType> = new Set<UsageType>(['storage_bytes']);

export interface UsageEvent {
  /** Client-chosen id, unique per project; a repeated id within the idempotency window is a duplicate. */
  readonly id: string;
  readonly project: string;
  readonly region: string;
  readonly type: UsageType;
  readonly value: number;
  /** When the usage happened, Unix milliseconds. */
  readonly timestampMs: number;
}

/** One usage series as stored: a running total, or the last reported level for gauge types. */
export interface UsageTotal {
  readonly project: string;
  readonly region: string;
  readonly type: UsageType;
  readonly value: number;
}

export interface BatchOutcome {
  /** Ids counted now. */
  readonly accepted: readonly string[];
  /** Ids seen before (or twice in this batch): acknowledged, not counted again. */
  readonly duplicates: readonly string[];
}

export interface UsageEventCounts {
  readonly accepted: number;
  readonly duplicate: number;
  readonly rejected: number;
}
