import type { LoadReport, ProbeStateRecord, Store } from './types';

/**
 * The default store: plain maps in this process. State is lost on restart and not shared with
 * other replicas; use the Redis store (REDIS_URL) for either.
 */
export function createMemoryStore(): Store {
  const probeStates = new Map<string, ProbeStateRecord>();
  const loads = new Map<string, LoadReport>();
  return {
    kind: 'memory',
    async putProbeState(record) {
      probeStates.set(`${record.region}\u0000${record.vantage}`, record);
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
    async ping() {
      return true;
    },
    async close() {
      probeStates.clear();
      loads.clear();
    },
  };
}
