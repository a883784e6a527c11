import { createMemoryAlertHistory } from './memory-alert-history';
import { createMemoryProjectAlerts, createMemoryProjectChannels } from './memory-project-alerts';
import { createMemoryProjectTriggers } from './memory-project-triggers';
import { createMemoryRateLimit } from './memory-rate-limit';
import { createMemoryUsage } from './memory-usage';
import type { LoadReport, ProbeStateRecord, RegionStateStore, Store } from './types';

export interface MemoryStoreOptions {
  /** The clock for idempotency windows; tests pass a fake one. Default Date.now. */
  readonly now?: () => number;
}

/**
 * The default store: plain maps in this process. State is lost on restart and not shared with
 * other replicas; use the Redis store (REDIS_URL) for either.
 */
export function createMemoryStore({ now = Date.now }: MemoryStoreOptions = {}): Store {
  const regions = createMemoryRegionState();
  return {
    kind: 'memory',
    ...regions.store,
    ...createMemoryUsage({ now }),
    ...createMemoryRateLimit(),
    ...createMemoryAlertHistory(),
    ...createMemoryProjectAlerts(),
    ...createMemoryProjectChannels(),
    ...createMemoryProjectTriggers(),
    async ping() {
      return true;
    },
    async close() {
      regions.clear();
    },
  };
}

function createMemoryRegionState(): { store: RegionStateStore; clear(): void } {
  const probeStates = new Map<string, ProbeStateRecord>();
  const loads = new Map<string, LoadReport>();
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
    },
    clear() {
      probeStates.clear();
      loads.clear();
    },
  };
}
