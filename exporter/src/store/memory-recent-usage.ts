/**
 * The memory store's recent usage: minute → project → series → value. Minutes an hour past their
 * end are dropped on every write, so the map holds at most the kept hour (plus the few minutes
 * ahead that future-dated events may fill).
 */
import { GAUGE_USAGE_TYPES, type UsageEvent } from '../usage/types';
import { minuteExpiresAtMs, minuteOf, minutesBefore, recentField, recentFieldParser, type RecentMinute } from './recent-usage';

interface MinuteValue {
  value: number;
  /** Levels only: the timestamp of the level kept. */
  atMs: number;
}

export interface MemoryRecentUsage {
  /** Adds a counted event to its minute, unless that minute is already past keeping. */
  add(event: UsageEvent, nowMs: number): void;
  minutes(project: string, beforeMs: number): RecentMinute[];
}

export function createMemoryRecentUsage(): MemoryRecentUsage {
  const byMinute = new Map<number, Map<string, Map<string, MinuteValue>>>();

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
      let series = projects.get(event.project);
      if (!series) projects.set(event.project, (series = new Map()));
      const field = recentField(event.region, event.type);
      const kept = series.get(field);
      if (GAUGE_USAGE_TYPES.has(event.type)) {
        if (!kept || kept.atMs <= event.timestampMs) series.set(field, { value: event.value, atMs: event.timestampMs });
      } else {
        series.set(field, { value: (kept?.value ?? 0) + event.value, atMs: 0 });
      }
    },
    minutes(project, beforeMs) {
      const found: RecentMinute[] = [];
      const parse = recentFieldParser();
      for (const minuteMs of minutesBefore(beforeMs)) {
        const series = byMinute.get(minuteMs)?.get(project);
        if (!series) continue;
        for (const [field, { value, atMs }] of series) {
          const { region, type } = parse(field);
          found.push(GAUGE_USAGE_TYPES.has(type) ? { minuteMs, region, type, value, atMs } : { minuteMs, region, type, value });
        }
      }
      return found;
    },
  };
}
