/**
 * The memory store's recent usage: minute → project → region → the minute's values of that
 * region, one slot per usage type (and the level's time for levels), NaN where nothing was
 * reported. Numbers in one array per region rather than an object and a field string per series:
 * at 200k series in the kept hour that is about 100 bytes a series less (bench/README.md).
 * Minutes an hour past their end are dropped on every write, so the map holds at most the kept
 * hour (plus the few minutes ahead that future-dated events may fill).
 */
import { GAUGE_USAGE_TYPES, USAGE_TYPES, type UsageEvent, type UsageType } from '../usage/types';
import { minuteExpiresAtMs, minuteOf, minutesBefore, type RecentMinute } from './recent-usage';

/** Slot of a type's value; its level time is TYPES later. */
const TYPES = USAGE_TYPES.length;
const SLOT: ReadonlyMap<UsageType, number> = new Map(USAGE_TYPES.map((type, slot) => [type, slot]));

export interface MemoryRecentUsage {
  /** Adds a counted event to its minute, unless that minute is already past keeping. */
  add(event: UsageEvent, nowMs: number): void;
  minutes(project: string, beforeMs: number): RecentMinute[];
}

export function createMemoryRecentUsage(): MemoryRecentUsage {
  const byMinute = new Map<number, Map<string, Map<string, number[]>>>();

  let prunedAtMs = -Infinity;
  // Minutes expire on minute boundaries, so one pass per minute of the clock is enough.
  const prune = (nowMs: number): void => {
    if (minuteOf(nowMs) === minuteOf(prunedAtMs)) return;
    prunedAtMs = nowMs;
    for (const minuteMs of byMinute.keys()) if (minuteExpiresAtMs(minuteMs) <= nowMs) byMinute.delete(minuteMs);
  };

  return {
    add(event, nowMs) {
      prune(nowMs);
      const minuteMs = minuteOf(event.timestampMs);
      if (minuteExpiresAtMs(minuteMs) <= nowMs) return;
      let projects = byMinute.get(minuteMs);
      if (!projects) byMinute.set(minuteMs, (projects = new Map()));
      let regions = projects.get(event.project);
      if (!regions) projects.set(event.project, (regions = new Map()));
      let slots = regions.get(event.region);
      if (!slots) regions.set(event.region, (slots = new Array<number>(2 * TYPES).fill(NaN)));
      const slot = SLOT.get(event.type)!;
      const kept = slots[slot];
      if (GAUGE_USAGE_TYPES.has(event.type)) {
        if (Number.isNaN(kept) || slots[TYPES + slot] <= event.timestampMs) {
          slots[slot] = event.value;
          slots[TYPES + slot] = event.timestampMs;
        }
      } else {
        slots[slot] = (Number.isNaN(kept) ? 0 : kept) + event.value;
      }
    },
    minutes(project, beforeMs) {
      const found: RecentMinute[] = [];
      for (const minuteMs of minutesBefore(beforeMs)) {
        const regions = byMinute.get(minuteMs)?.get(project);
        if (!regions) continue;
        for (const [region, slots] of regions) {
          USAGE_TYPES.forEach((type, slot) => {
            const value = slots[slot];
            if (Number.isNaN(value)) return;
            found.push(GAUGE_USAGE_TYPES.has(type) ? { minuteMs, region, type, value, atMs: slots[TYPES + slot] } : { minuteMs, region, type, value });
          });
        }
      }
      return found;
    },
  };
}
