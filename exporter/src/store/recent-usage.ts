/**
 * Recent usage: per project, region, usage type and minute (by the event's own timestamp), kept for
 * an hour after the minute ends. Written by both stores in the same atomic step as the totals, so
 * every replica sharing a store reads the same minutes. A counter's minute holds the sum of its
 * events; a level's (storage_bytes) holds the level reported last in that minute, with its time.
 */
import { USAGE_TYPES, type UsageType } from '../usage/types';

export const MINUTE_MS = 60_000;
/** How long a minute is kept after it ends; readers look back at most this far. */
export const RECENT_USAGE_KEPT_MS = 3_600_000;

/** One minute of one series of a project. */
export interface RecentMinute {
  /** Start of the minute, Unix ms. */
  readonly minuteMs: number;
  readonly region: string;
  readonly type: UsageType;
  readonly value: number;
  /** Levels only: the timestamp of the level kept for the minute. */
  readonly atMs?: number;
}

/** A level as the totals keep it (the newest by timestamp), with its time. */
export interface StoredLevel {
  readonly region: string;
  readonly type: UsageType;
  readonly value: number;
  readonly atMs: number;
}

export interface RecentUsage {
  /** The minutes of the kept hour before `beforeMs`, in no particular order. */
  readonly minutes: readonly RecentMinute[];
  /** The stored level of every level type in each region asked for (absent where none was reported). */
  readonly levels: readonly StoredLevel[];
}

export interface RecentUsageQuery {
  readonly project: string;
  /** Regions whose stored levels to read (the configured ones). */
  readonly regions: readonly string[];
  /** Minutes starting before this time (a minute boundary) are read, back to the kept hour. */
  readonly beforeMs: number;
}

export const minuteOf = (timestampMs: number): number => Math.floor(timestampMs / MINUTE_MS) * MINUTE_MS;

/** When a minute is dropped: an hour after it ends. */
export const minuteExpiresAtMs = (minuteMs: number): number => minuteMs + MINUTE_MS + RECENT_USAGE_KEPT_MS;

/** The minutes a read covers: the kept hour before `beforeMs`, oldest first. */
export function minutesBefore(beforeMs: number): number[] {
  const last = minuteOf(beforeMs - 1);
  const count = RECENT_USAGE_KEPT_MS / MINUTE_MS;
  return Array.from({ length: count }, (_, i) => last - (count - 1 - i) * MINUTE_MS);
}

/** A series within a project's minute, as a map key or Redis hash field: ["region","type"]. */
export const recentField = (region: string, type: UsageType): string => JSON.stringify([region, type]);

/** The field holding the time of a minute's level: ["region","type","at"]. */
export const recentLevelTimeField = (region: string, type: UsageType): string => JSON.stringify([region, type, 'at']);

/** Reads a field written by recentField or recentLevelTimeField. */
export function parseRecentField(field: string): { readonly region: string; readonly type: UsageType; readonly levelTime: boolean } {
  const parsed: unknown = JSON.parse(field);
  const ok = Array.isArray(parsed) && (parsed.length === 2 || (parsed.length === 3 && parsed[2] === 'at')) && typeof parsed[0] === 'string' && (USAGE_TYPES as readonly unknown[]).includes(parsed[1]);
  if (!ok) throw new Error(`recent usage field ${JSON.stringify(field)}: expected ["region","type"] or ["region","type","at"]`);
  const [region, type] = parsed as [string, UsageType];
  return { region, type, levelTime: parsed.length === 3 };
}

/** parseRecentField with a cache: one read meets the same few fields in every minute. */
export function recentFieldParser(): typeof parseRecentField {
  const parsed = new Map<string, ReturnType<typeof parseRecentField>>();
  return (field) => {
    let found = parsed.get(field);
    if (!found) parsed.set(field, (found = parseRecentField(field)));
    return found;
  };
}
