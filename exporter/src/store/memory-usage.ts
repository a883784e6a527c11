/** The usage part of the memory store: totals, recent minutes, idempotency, event counts, admitted projects. */
import { randomUUID } from 'node:crypto';
import { silentLogger, type Logger } from '../../../common/log';
import { GAUGE_USAGE_TYPES, type BatchOutcome, type UsageEvent } from '../usage/types';
import { createMemoryRecentUsage } from './memory-recent-usage';
import { createMemoryRecorded, type FeedVersion } from './memory-recorded';
import { createSeenIds } from './memory-seen-ids';
import { createUsageTotalsTable } from './memory-usage-totals';
import type { StoredLevel } from './recent-usage';
import type { UsageStore } from './types';
import { StoreFullError } from './store-full';
import { idDigestHex } from './redis-seen-ids';
import { checkUsageBatch } from './usage-batch-validation';
import { seriesField, sortTotals } from './usage-series';

/**
 * Event ids kept for the idempotency window, at most: a bound on memory (32-64 bytes an id,
 * whatever its length: memory-seen-ids.ts; 64-128 MB at the bound). At the bound a batch needing
 * new ids is refused whole until older ids expire (StoreFullError); the Redis store has no such
 * bound.
 */
export const DEFAULT_MAX_IDEMPOTENCY_IDS = 2_000_000;

export interface MemoryUsageOptions {
  readonly now: () => number;
  readonly maxIdempotencyIds?: number;
  /** Told once when the id table fills up, and once when it has room again. */
  readonly log?: Logger;
}

/** The usage store, and whether its id table has room for one more id now. */
export function createMemoryUsage({ now, maxIdempotencyIds = DEFAULT_MAX_IDEMPOTENCY_IDS, log = silentLogger() }: MemoryUsageOptions): Omit<UsageStore, 'recordUsageWithinLimits' | 'recordMetricsWithinLimits'> & { hasRoom(): boolean } {
  const totals = createUsageTotalsTable();
  /** (project, id) digest → when its idempotency window ends. */
  const seen = createSeenIds();
  const counts = { accepted: 0, duplicate: 0, rejected: 0 };
  const projects = new Set<string>();
  const recent = createMemoryRecentUsage();
  // The change feed: every batch that changes a total takes the next version; another store
  // instance (another process) has another epoch, so a cursor from it is never taken for ours.
  const epoch = randomUUID();
  const feed: FeedVersion = { version: 0 };
  const recorded = createMemoryRecorded({ now, feed, maxIds: maxIdempotencyIds });

  // Entries are kept in time order, so the expired ones sit at the front: dropping them as we go
  // keeps the table at about one window's worth of ids. (Should the window shrink between calls, an
  // older, longer entry can shield newer expired ones until it expires itself; still bounded.)
  const pruneSeen = (nowMs: number): void => seen.prune(nowMs);

  /**
   * Per event, its id key when it is to be counted, or undefined for a duplicate (seen within the
   * window, or repeated in the batch); and how many new entries the counted ones need.
   */
  const plan = (events: readonly UsageEvent[], nowMs: number): { keys: Array<string | undefined>; newIds: number } => {
    const inBatch = new Set<string>();
    let newIds = 0;
    const keys = events.map((event) => {
      const key = idDigestHex(event.project, event.id);
      const endsAtMs = seen.endsAtMs(key);
      if ((endsAtMs !== undefined && endsAtMs > nowMs) || inBatch.has(key)) return undefined;
      inBatch.add(key);
      if (endsAtMs === undefined) newIds++; // an expired entry is replaced, taking no new slot
      return key;
    });
    return { keys, newIds };
  };

  let full = false;
  /** Refuses, before anything is written, a batch whose new ids the table cannot hold. */
  const checkRoom = (newIds: number, nowMs: number): void => {
    if (seen.size + newIds <= maxIdempotencyIds) {
      if (full) log.info({ ids: seen.size, maxIds: maxIdempotencyIds }, 'memory store: the idempotency table has room again; batches are counted');
      full = false;
      return;
    }
    if (!full) log.warn({ ids: seen.size, maxIds: maxIdempotencyIds }, 'memory store: the idempotency table is full; batches needing new ids answer 503 until older ids expire (use REDIS_URL for more)');
    full = true;
    const oldestEndsAtMs = seen.oldestEndsAtMs() ?? nowMs;
    throw new StoreFullError(
      `memory store: the idempotency table is full (${seen.size} of ${maxIdempotencyIds} event ids within the window; this batch needs ${newIds} more): nothing counted`,
      Math.max(1000, oldestEndsAtMs - nowMs),
    );
  };

  /** Whether the event changed its total (an older level does not). */
  const add = (event: UsageEvent, batchVersion: number): boolean => {
    const field = seriesField(event);
    const row = totals.find(field);
    if (GAUGE_USAGE_TYPES.has(event.type)) {
      if (row !== undefined && totals.levelAtMs(row) > event.timestampMs) return false;
      totals.set(field, event.value, event.timestampMs, batchVersion);
      return true;
    }
    totals.set(field, (row === undefined ? 0 : totals.value(row)) + event.value, 0, batchVersion);
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
      const { keys, newIds } = plan(events, nowMs);
      checkRoom(newIds, nowMs);
      const accepted: string[] = [];
      const duplicates: string[] = [];
      const batchVersion = feed.version + 1;
      let changed = false;
      for (const [index, event] of events.entries()) {
        const key = keys[index];
        if (key === undefined) {
          duplicates.push(event.id);
          continue;
        }
        seen.set(key, nowMs + idempotencyWindowMs); // at the back: insertion order ≈ expiry order
        if (add(event, batchVersion)) changed = true;
        recent.add(event, nowMs);
        accepted.push(event.id);
      }
      if (changed) feed.version = batchVersion;
      counts.accepted += accepted.length;
      counts.duplicate += duplicates.length;
      return { accepted, duplicates };
    },
    async usageTotals() {
      return sortTotals(totals.totals());
    },
    async recentUsage({ project, regions, beforeMs }) {
      const levels: StoredLevel[] = [];
      for (const region of regions) {
        for (const type of GAUGE_USAGE_TYPES) {
          const row = totals.find(seriesField({ project, region, type }));
          if (row !== undefined) levels.push({ region, type, value: totals.value(row), atMs: totals.levelAtMs(row) });
        }
      }
      return { minutes: recent.minutes(project, beforeMs), levels };
    },
    async usageChanges(since, sink) {
      // One pass over the totals without copying them: a scan of plain numbers costs far less
      // than the scrape rendering every series would.
      const { version } = feed;
      if (since === undefined || since.epoch !== epoch || since.version > version) {
        sink.full();
        totals.forEach(undefined, (field, value) => sink.total(field, value));
        recorded.changes(undefined, (field, value) => sink.total(field, value));
      } else if (since.version < version) {
        const after = since.version;
        totals.forEach(after, (field, value) => sink.total(field, value));
        recorded.changes(after, (field, value) => sink.total(field, value));
      }
      return { epoch, version };
    },
    recordMetrics: recorded.recordMetrics,
    recordedTypes: recorded.recordedTypes,
    async countRejected(count) {
      if (!Number.isInteger(count) || count < 0) throw new Error(`memory store: count rejected events: count must be a whole number >= 0 (got ${count})`);
      counts.rejected += count;
    },
    async usageEventCounts() {
      return { ...counts };
    },
    hasRoom() {
      pruneSeen(now());
      return seen.size < maxIdempotencyIds;
    },
    async admitProjects(candidates, maxProjects) {
      const added = [...new Set(candidates)].filter((project) => !projects.has(project));
      if (projects.size + added.length > maxProjects) return { admitted: false };
      for (const project of added) projects.add(project);
      return { admitted: true, added };
    },
    async releaseProjects(released) {
      for (const project of released) projects.delete(project);
    },
  };
}
