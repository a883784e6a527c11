/**
 * The real-time dashboard document (the original design's `AnalyticsDashboard`), as a pure render
 * over what the store holds: a project's recent per-minute usage and its newest triggers (the
 * list of analytics/triggers.ts, so `recent_triggers` and `active_alerts` agree with
 * `GET /analytics/triggers/:project_id`). Whoever serves it (the HTTP handler, a live stream)
 * reads those and calls renderRealtime.
 *
 * Windows are whole minutes, so every replica reading the same store renders the same document
 * throughout a minute: the current window is the 15 minutes before the start of the current
 * minute (`timestamp`), the previous window the 15 before that.
 * - A counter's `value` is its sum over the current window; `previous_value` the sum over the
 *   previous one.
 * - A level's (storage) `value` is the level as of the window's end: per region the last level
 *   reported before it, summed over regions; `previous_value` the same 15 minutes earlier. A
 *   region with no level reported before a time counts 0 at that time.
 * `change_rate` is the percentage change from `previous_value` (100 when it was 0 and is no
 * longer; 0 when both are 0), and `trend` is up or down beyond ±5 %, stable within.
 */
import { MINUTE_MS, minuteOf, type RecentMinute, type RecentUsage, type StoredLevel } from '../store/recent-usage';
import { GAUGE_USAGE_TYPES, USAGE_TYPES, type UsageType } from '../usage/types';
import { USAGE_TYPE_TABLE, usageUnit } from './metric-types';
import { activeCount, type Trigger } from './triggers';

export const REALTIME_WINDOW_MS = 15 * MINUTE_MS;
/** A change within ±5 % is "stable". */
export const STABLE_CHANGE_PERCENT = 5;
export const RECENT_TRIGGERS = 10;
export const TOP_EVENTS = 10;

export type Trend = 'up' | 'down' | 'stable';

export interface RealtimeMetric {
  readonly metric_name: string;
  readonly type: UsageType;
  readonly value: number;
  readonly unit: string;
  readonly timestamp: string;
  readonly trend: Trend;
  readonly change_rate: number;
  readonly previous_value: number;
  /** sum over the window (counters) or level at its end (storage). */
  readonly aggregation: 'sum' | 'level';
  readonly window_start: string;
  readonly window_end: string;
}

/** One (region, usage type) of the current window, ranked by its share of the type's value. */
export interface TopEvent {
  readonly region: string;
  readonly type: UsageType;
  readonly metric_name: string;
  readonly value: number;
  readonly unit: string;
  /** Percentage of the project's value of this type in the window. */
  readonly share: number;
}

export interface RealtimeDocument {
  readonly project_id: string;
  readonly timestamp: string;
  readonly metrics: readonly RealtimeMetric[];
  readonly active_alerts: number;
  readonly recent_triggers: readonly Trigger[];
  readonly top_events: readonly TopEvent[];
}

export interface RealtimeInput {
  readonly project: string;
  readonly nowMs: number;
  readonly recent: RecentUsage;
  /** The project's newest triggers (readTriggers), newest first. */
  readonly triggers: readonly Trigger[];
}

/** Where the current window ends: the start of the current minute. */
export const realtimeWindowEnd = (nowMs: number): number => minuteOf(nowMs);

export function renderRealtime(input: RealtimeInput): RealtimeDocument {
  const endMs = realtimeWindowEnd(input.nowMs);
  const startMs = endMs - REALTIME_WINDOW_MS;
  const current = valuesByRegion(input.recent, startMs, endMs);
  const previous = valuesByRegion(input.recent, startMs - REALTIME_WINDOW_MS, startMs);
  const timestamp = new Date(endMs).toISOString();
  const metrics = USAGE_TYPES.map((type): RealtimeMetric => {
    const value = sum(current.get(type));
    const before = sum(previous.get(type));
    const change = changeRate(value, before);
    return {
      metric_name: USAGE_TYPE_TABLE[type].displayName,
      type,
      value,
      unit: usageUnit(type),
      timestamp,
      trend: trendOf(change),
      change_rate: change,
      previous_value: before,
      aggregation: GAUGE_USAGE_TYPES.has(type) ? 'level' : 'sum',
      window_start: new Date(startMs).toISOString(),
      window_end: timestamp,
    };
  });
  return {
    project_id: input.project,
    timestamp,
    metrics,
    active_alerts: activeCount(input.triggers),
    recent_triggers: input.triggers.slice(0, RECENT_TRIGGERS),
    top_events: topEvents(current),
  };
}

export function changeRate(value: number, previous: number): number {
  if (previous === 0) return value === 0 ? 0 : 100;
  return Math.round(((value - previous) / previous) * 10_000) / 100;
}

export function trendOf(changeRate: number): Trend {
  if (changeRate > STABLE_CHANGE_PERCENT) return 'up';
  if (changeRate < -STABLE_CHANGE_PERCENT) return 'down';
  return 'stable';
}

/** type → region → the window's value (a counter's sum, a level as of `endMs`). */
function valuesByRegion(recent: RecentUsage, startMs: number, endMs: number): Map<UsageType, Map<string, number>> {
  const values = new Map<UsageType, Map<string, number>>(USAGE_TYPES.map((type) => [type, new Map()]));
  for (const minute of recent.minutes) {
    if (GAUGE_USAGE_TYPES.has(minute.type) || minute.minuteMs < startMs || minute.minuteMs >= endMs) continue;
    const regions = values.get(minute.type)!;
    regions.set(minute.region, (regions.get(minute.region) ?? 0) + minute.value);
  }
  for (const level of levelsAsOf(recent, endMs)) values.get(level.type)!.set(level.region, level.value);
  return values;
}

/** Per region and level type, the level reported last before `atMs`: from the kept minutes or the stored level. */
function levelsAsOf(recent: RecentUsage, atMs: number): StoredLevel[] {
  const latest = new Map<string, StoredLevel>();
  const consider = (level: StoredLevel): void => {
    if (level.atMs >= atMs) return;
    const key = JSON.stringify([level.region, level.type]);
    const kept = latest.get(key);
    if (!kept || kept.atMs <= level.atMs) latest.set(key, level);
  };
  for (const minute of recent.minutes) if (GAUGE_USAGE_TYPES.has(minute.type)) consider(levelOf(minute));
  for (const level of recent.levels) consider(level);
  return [...latest.values()];
}

const levelOf = (minute: RecentMinute): StoredLevel => ({ region: minute.region, type: minute.type, value: minute.value, atMs: minute.atMs ?? minute.minuteMs });

function sum(regions: ReadonlyMap<string, number> | undefined): number {
  let total = 0;
  for (const value of regions?.values() ?? []) total += value;
  return total;
}

function topEvents(current: ReadonlyMap<UsageType, ReadonlyMap<string, number>>): TopEvent[] {
  const events: TopEvent[] = [];
  for (const [type, regions] of current) {
    const total = sum(regions);
    for (const [region, value] of regions) {
      if (value > 0) events.push({ region, type, metric_name: USAGE_TYPE_TABLE[type].displayName, value, unit: usageUnit(type), share: Math.round((value / total) * 10_000) / 100 });
    }
  }
  const typeOrder = (type: UsageType): number => USAGE_TYPES.indexOf(type);
  events.sort((a, b) => b.share - a.share || typeOrder(a.type) - typeOrder(b.type) || (a.region < b.region ? -1 : a.region > b.region ? 1 : 0));
  return events.slice(0, TOP_EVENTS);
}
