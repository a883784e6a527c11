import { createMemoryDeliveries } from './memory-deliveries';
import { createMemoryCustomMetrics } from './memory-custom-metrics';
import { createMemoryAlertHistory } from './memory-alert-history';
import { createMemoryExportJobs } from './memory-export-jobs';
import { createMemoryProjectAlerts, createMemoryProjectChannels } from './memory-project-alerts';
import { createMemoryProjectTriggers } from './memory-project-triggers';
import { createMemoryRateLimit } from './memory-rate-limit';
import type { Logger } from '../../../common/log';
import { createMemoryUsage } from './memory-usage';
import { drawThenRecord, drawThenRecordMetrics } from './usage-within-limits';
import { placementSecond, type LoadReport, type ProbeStateRecord, type RegionStateStore, type Store } from './types';

export interface MemoryStoreOptions {
  /** The clock for idempotency windows; tests pass a fake one. Default Date.now. */
  readonly now?: () => number;
  /** Event ids kept for the idempotency window, at most (default DEFAULT_MAX_IDEMPOTENCY_IDS). */
  readonly maxIdempotencyIds?: number;
  readonly log?: Logger;
}

/**
 * The default store: plain maps in this process. State is lost on restart and not shared with
 * other replicas; use the Redis store (REDIS_URL) for either.
 */
export function createMemoryStore({ now = Date.now, maxIdempotencyIds, log }: MemoryStoreOptions = {}): Store {
  const regions = createMemoryRegionState();
  const { hasRoom, ...usage } = createMemoryUsage({ now, maxIdempotencyIds, log });
  const store: Store = {
    kind: 'memory',
    ...regions.store,
    ...usage,
    ...createMemoryRateLimit(),
    recordUsageWithinLimits: (...batch) => drawThenRecord(store, ...batch),
    recordMetricsWithinLimits: (...batch) => drawThenRecordMetrics(store, ...batch),
    ...createMemoryAlertHistory(),
    ...createMemoryExportJobs({ now }),
    ...createMemoryProjectAlerts(),
    ...createMemoryCustomMetrics(),
    ...createMemoryProjectChannels(),
    ...createMemoryProjectTriggers(),
    ...createMemoryDeliveries(),
    /** False while the idempotency table is full: it answers, but takes no new events. */
    async ping() {
      return hasRoom();
    },
    async close() {
      regions.clear();
    },
  };
  return store;
}

function createMemoryRegionState(): { store: RegionStateStore; clear(): void } {
  const probeStates = new Map<string, ProbeStateRecord>();
  const loads = new Map<string, LoadReport>();
  // region → secondMs → clients sent there in that second.
  const placements = new Map<string, Map<number, number>>();
  return {
    store: {
      async putProbeState(record) {
        probeStates.set(JSON.stringify([record.region, record.vantage]), record);
      },
      async probeStates() {
        return [...probeStates.values()];
      },
      async putLoad(report) {
        const stored = loads.get(report.region);
        if (!stored || stored.atMs <= report.atMs) loads.set(report.region, report);
      },
      async loads() {
        return [...loads.values()];
      },
      async load(region) {
        return loads.get(region);
      },
      async recordPlacement(region, atMs) {
        const seconds = placements.get(region) ?? new Map<number, number>();
        placements.set(region, seconds);
        const second = placementSecond(atMs);
        seconds.set(second, (seconds.get(second) ?? 0) + 1);
      },
      async placements(sinceMs) {
        const cutoff = placementSecond(sinceMs);
        const kept = [];
        for (const [region, seconds] of placements) {
          for (const [secondMs, count] of seconds) {
            if (secondMs < cutoff) seconds.delete(secondMs);
            else kept.push({ region, secondMs, count });
          }
        }
        return kept;
      },
    },
    clear() {
      probeStates.clear();
      loads.clear();
      placements.clear();
    },
  };
}
