/** The usage part of the memory store: totals, recent minutes, idempotency, event counts, admitted projects. */
import { randomUUID } from 'node:crypto';
import { GAUGE_USAGE_TYPES, type BatchOutcome, type UsageEvent, type UsageTotal } from '../usage/types';
import { createMemoryRecentUsage } from './memory-recent-usage';
import type { StoredLevel } from './recent-usage';
import type { UsageStore } from './types';
import { checkUsageBatch } from './usage-batch-validation';
import { seriesField, sortTotals } from './usage-series';

interface StoredTotal {
  total: UsageTotal;
  /** For levels (storage_bytes): the timestamp of the value kept. */
  levelAtMs: number;
  /** The change-feed version of the batch that last changed it. */
  version: number;
}

export function createMemoryUsage({ now }: { now: () => number }): UsageStore {
  const totals = new Map<string, StoredTotal>();
  /** (project, id) → when its idempotency window ends. Insertion order ≈ expiry order. */
  const seen = new Map<string, number>();
  const counts = { accepted: 0, duplicate: 0, rejected: 0 };
  const projects = new Set<string>();
  const recent = createMemoryRecentUsage();
  // The change feed: every batch that changes a total takes the next version; another store
  // instance (another process) has another epoch, so a cursor from it is never taken for ours.
  const epoch = randomUUID();
  let version = 0;

  // Entries are inserted in time order, so the expired ones sit at the front: dropping them as we go
  // keeps the map at about one window's worth of ids. (Should the window shrink between calls, an
  // older, longer entry can shield newer expired ones until it expires itself; still bounded.)
  const pruneSeen = (nowMs: number): void => {
    for (const [key, endsAtMs] of seen) {
      if (endsAtMs > nowMs) break;
      seen.delete(key);
    }
  };

  /** Whether the event changed its total (an older level does not). */
  const add = (event: UsageEvent, batchVersion: number): boolean => {
    const field = seriesField(event);
    const stored = totals.get(field);
    if (GAUGE_USAGE_TYPES.has(event.type)) {
      if (stored && stored.levelAtMs > event.timestampMs) return false;
      totals.set(field, { total: { project: event.project, region: event.region, type: event.type, value: event.value }, levelAtMs: event.timestampMs, version: batchVersion });
      return true;
    }
    const value = (stored?.total.value ?? 0) + event.value;
    totals.set(field, { total: { project: event.project, region: event.region, type: event.type, value }, levelAtMs: 0, version: batchVersion });
    return true;
  };

  return {
    async recordUsage(events, idempotencyWindowMs): Promise<BatchOutcome> {
      try {
        checkUsageBatch(events, idempotencyWindowMs);
      } catch (error) {
        throw new Error(`memory store: record usage: ${(error as Error).message}`, { cause: error });
      }
      // The window runs from when the event is recorded, not from its own timestamp: a client
      // retrying old events late must still be caught for a full window.
      const nowMs = now();
      pruneSeen(nowMs);
      const accepted: string[] = [];
      const duplicates: string[] = [];
      const batchVersion = version + 1;
      let changed = false;
      for (const event of events) {
        const key = JSON.stringify([event.project, event.id]);
        const endsAtMs = seen.get(key);
        if (endsAtMs !== undefined && endsAtMs > nowMs) {
          duplicates.push(event.id);
          continue;
        }
        seen.delete(key); // re-inserted at the back, keeping insertion order ≈ expiry order
        seen.set(key, nowMs + idempotencyWindowMs);
        if (add(event, batchVersion)) changed = true;
        recent.add(event, nowMs);
        accepted.push(event.id);
      }
      if (changed) version = batchVersion;
      counts.accepted += accepted.length;
      counts.duplicate += duplicates.length;
      return { accepted, duplicates };
    },
    async usageTotals() {
      return sortTotals([...totals.values()].map((stored) => stored.total));
    },
    async recentUsage({ project, regions, beforeMs }) {
      const levels: StoredLevel[] = [];
      for (const region of regions) {
        for (const type of GAUGE_USAGE_TYPES) {
          const stored = totals.get(seriesField({ project, region, type }));
          if (stored) levels.push({ region, type, value: stored.total.value, atMs: stored.levelAtMs });
        }
      }
      return { minutes: recent.minutes(project, beforeMs), levels };
    },
    async usageChanges(since, sink) {
      // One pass over the totals without copying them: a scan of plain numbers costs far less
      // than the scrape rendering every series would.
      if (since === undefined || since.epoch !== epoch || since.version > version) {
        sink.full();
        for (const [field, stored] of totals) sink.total(field, stored.total.value);
      } else if (since.version < version) {
        const after = since.version;
        for (const [field, stored] of totals) if (stored.version > after) sink.total(field, stored.total.value);
      }
      return { epoch, version };
    },
    async countRejected(count) {
      if (!Number.isInteger(count) || count < 0) throw new Error(`memory store: count rejected events: count must be a whole number >= 0 (got ${count})`);
      counts.rejected += count;
    },
    async usageEventCounts() {
      return { ...counts };
    },
    async admitProject(project, maxProjects) {
      if (projects.has(project)) return true;
      if (projects.size >= maxProjects) return false;
      projects.add(project);
      return true;
    },
  };
}
