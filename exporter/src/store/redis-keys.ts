/**
 * Every Redis key the store uses, in one place (the layout is documented here and in the README).
 * Compound parts are JSON arrays, so names containing ':' or '|' cannot collide.
 *
 *   {prefix}region:probe-states   hash   ["region","vantage"] → ProbeStateRecord JSON
 *   {prefix}region:loads          hash   region → LoadReport JSON (the newer atMs wins)
 *   {prefix}region:placements     hash   ["region",secondMs] → clients selection sent there that second (older than the read's cutoff: dropped)
 *   {prefix}usage:totals          hash   ["project","region","type"] → total, or the level for storage_bytes
 *   {prefix}usage:level-times     hash   ["project","region","type"] → timestamp (ms) of the level kept
 *   {prefix}usage:event-counts    hash   accepted | duplicate | rejected → count
 *   {prefix}usage:epoch           string the totals' incarnation (Redis TIME when first written; new after a flush)
 *   {prefix}usage:version         string counter, one step per batch that changed a total (the change feed)
 *   {prefix}usage:changes         zset   score version, member ["project","region","type"]: the last batch that changed it
 *   {prefix}usage:projects        set    admitted projects
 *   {prefix}usage:seen:{project}                 hash   level, split, count: the layout of the project's seen-id buckets (seen-ids.ts)
 *   {prefix}usage:seen:{project}:{n}             hash   16-byte id digest → when it was seen (ms); expires a window after its last write
 *   {prefix}usage:recent:["project",minuteMs]    hash   ["region","type"] → the minute's sum (or level),
 *                                                ["region","type","at"] → its level's time; expires an hour after the minute
 *   {prefix}ratelimit:{key}:{windowMs}:{index}   string counter, expires after its window
 *   {prefix}alerts:history        zset   score receivedAtMs, member "{16-digit sequence}:{notification JSON}"
 *   {prefix}alerts:sequence       string counter giving history members their order and uniqueness
 *   {prefix}alerts:counts         hash   ["alertname","severity","status"] → count
 */
export interface RedisKeys {
  readonly probeStates: string;
  readonly loads: string;
  readonly placements: string;
  readonly usageTotals: string;
  readonly usageLevelTimes: string;
  readonly usageEventCounts: string;
  readonly usageEpoch: string;
  readonly usageVersion: string;
  readonly usageChanges: string;
  readonly usageProjects: string;
  readonly alertHistory: string;
  readonly alertSequence: string;
  readonly alertCounts: string;
  /** The project's seen-id buckets: this key holds their layout, `${key}:${n}` bucket n (seen-ids.ts). */
  usageSeen(project: string): string;
  usageRecent(project: string, minuteMs: number): string;
  rateLimit(key: string, windowMs: number, index: number): string;
}

export function redisKeys(prefix: string): RedisKeys {
  return {
    probeStates: `${prefix}region:probe-states`,
    loads: `${prefix}region:loads`,
    placements: `${prefix}region:placements`,
    usageTotals: `${prefix}usage:totals`,
    usageLevelTimes: `${prefix}usage:level-times`,
    usageEventCounts: `${prefix}usage:event-counts`,
    usageEpoch: `${prefix}usage:epoch`,
    usageVersion: `${prefix}usage:version`,
    usageChanges: `${prefix}usage:changes`,
    usageProjects: `${prefix}usage:projects`,
    alertHistory: `${prefix}alerts:history`,
    alertSequence: `${prefix}alerts:sequence`,
    alertCounts: `${prefix}alerts:counts`,
    usageSeen: (project) => `${prefix}usage:seen:${projectTag(project)}`,
    usageRecent: (project, minuteMs) => `${prefix}usage:recent:${JSON.stringify([project, minuteMs])}`,
    // The window index is numeric and last, so a ':' inside `key` cannot make two keys collide.
    rateLimit: (key, windowMs, index) => `${prefix}ratelimit:${key}:${windowMs}:${index}`,
  };
}

/**
 * The part of every key of one project that Redis Cluster hashes (its hash tag): all of a
 * project's keys land in one slot, so one script may touch them all.
 */
export function projectTag(project: string): string {
  return `{${project}}`;
}
