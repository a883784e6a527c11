/**
 * Every Redis key the store uses, in one place (the layout is documented here and in the README).
 * Compound parts are JSON arrays, so names containing ':' or '|' cannot collide. This is the
 * layout on one Redis; on a Redis Cluster the same names sit under hash tags (redis-cluster-keys.ts).
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
 *   {prefix}recorded:definitions  hash   "project"/name → type/category/label,names (what a recorded name keeps)
 *   {prefix}recorded:counts       hash   "project"/names | "project"/series → how many the project has
 *   {prefix}recorded:seen:{project}   hash   the layout of the project's recorded-id buckets, as usage:seen:{project} (seen-ids.ts)
 *   {prefix}recorded:seen:{project}:{n}   hash   16-byte id digest → when it was seen, as usage's
 *   (recorded values themselves live in usage:totals, fields m[…], and in the usage change feed:
 *   a counter or gauge as its field, a histogram as its stem m[…, ending in ',')
 *   {prefix}usage:seen:{project}                 hash   level, split, count: the layout of the project's seen-id buckets (seen-ids.ts)
 *   {prefix}usage:seen:{project}:{n}             hash   16-byte id digest → when it was seen (ms); expires a window after its last write
 *   {prefix}usage:recent:["project",minuteMs]    hash   ["region","type"] → the minute's sum (or level),
 *                                                ["region","type","at"] → its level's time; expires an hour after the minute
 *   {prefix}ratelimit:{key}:{windowMs}:{index}   string counter, expires after its window
 *   {prefix}alerts:history        zset   score receivedAtMs, member "{16-digit sequence}:{notification JSON}"
 *   {prefix}alerts:sequence       string counter giving history members their order and uniqueness
 *   {prefix}alerts:counts         hash   ["alertname","severity","status"] → count
 *   {prefix}alerts:by-project:"project"   zset   the project's members of alerts:history (same score and member),
 *                                         trimmed with it; expires a retention after the project's last add
 *   {prefix}export:job:{id}       string ExportJob JSON, expires with the job
 *   {prefix}export:file:{id}      list   the export file in chunks (≤ 1 MiB each), expires with the job
 *   {prefix}export:file-part:{id} list   the file while it is written, renamed to export:file:{id} on completion
 *   {prefix}export:jobs:{project} zset   score expiresAtMs, member job id: the project's jobs kept (bounded); expires with its last
 *   {prefix}project-alerts:projects             set    projects holding at least one alert definition
 *   {prefix}project-alerts:{project}:defs       hash   alert id → definition JSON
 *   {prefix}project-alerts:{project}:triggers   hash   alert id → "startMs count ISO-start" of its last firing
 *   {prefix}project-channels      hash   project → its destinations JSON (with the webhook signing secret)
 *   {prefix}triggers              hash   trigger id → project alert trigger JSON
 *   {prefix}triggers:sequence     string counter ordering triggers
 *   {prefix}triggers:{project}    zset   score sequence, member trigger id (the project's newest 1000)
 *   {prefix}triggers:acknowledged set    ids of acknowledged triggers (their resolution is watched)
 *   {prefix}triggers:open         set    ids of triggers neither acknowledged nor resolved (escalation candidates)
 *   {prefix}deliveries:{queue}:due     zset   score due time (ms), member delivery id: alert deliveries waiting for an attempt
 *   {prefix}deliveries:{queue}:bodies  hash   delivery id → the delivery's JSON
 *   {prefix}deliveries:claim:{id}      string a delivery id taken by a replica; expires after the delivery period
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
  readonly recordedDefinitions: string;
  readonly recordedCounts: string;
  /** The project's recorded-id buckets (seen-ids.ts), apart from its usage ids: the two kinds of id never meet. */
  recordedSeen(project: string): string;
  readonly alertHistory: string;
  readonly alertSequence: string;
  readonly alertCounts: string;
  readonly alertProjects: string;
  readonly projectChannels: string;
  readonly triggers: string;
  readonly triggerSequence: string;
  readonly acknowledgedTriggers: string;
  readonly openTriggers: string;
  projectTriggers(project: string): string;
  projectAlerts(project: string): string;
  projectAlertTriggers(project: string): string;
  readonly customMetricProjects: string;
  customMetrics(project: string): string;
  alertHistoryOf(project: string): string;
  /** The project's seen-id buckets: this key holds their layout, `${key}:${n}` bucket n (seen-ids.ts). */
  usageSeen(project: string): string;
  usageRecent(project: string, minuteMs: number): string;
  rateLimit(key: string, windowMs: number, index: number): string;
  exportJob(id: string): string;
  exportFile(id: string): string;
  exportFilePart(id: string): string;
  exportJobsOf(project: string): string;
  readonly deliveriesDue: string;
  readonly deliveryBodies: string;
  deliveryClaim(id: string): string;
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
    recordedDefinitions: `${prefix}recorded:definitions`,
    recordedCounts: `${prefix}recorded:counts`,
    recordedSeen: (project) => `${prefix}recorded:seen:${projectTag(project)}`,
    alertHistory: `${prefix}alerts:history`,
    alertSequence: `${prefix}alerts:sequence`,
    alertCounts: `${prefix}alerts:counts`,
    alertProjects: `${prefix}project-alerts:projects`,
    projectChannels: `${prefix}project-channels`,
    triggers: `${prefix}triggers`,
    triggerSequence: `${prefix}triggers:sequence`,
    acknowledgedTriggers: `${prefix}triggers:acknowledged`,
    openTriggers: `${prefix}triggers:open`,
    projectTriggers: (project) => `${prefix}triggers:{${project}}`,
    // Project ids hold no braces, so `{project}` is a hash tag: one project's keys share a slot.
    projectAlerts: (project) => `${prefix}project-alerts:{${project}}:defs`,
    projectAlertTriggers: (project) => `${prefix}project-alerts:{${project}}:triggers`,
    customMetricProjects: `${prefix}custom-metrics:projects`,
    customMetrics: (project) => `${prefix}custom-metrics:{${project}}:defs`,
    alertHistoryOf: (project) => `${prefix}alerts:by-project:${JSON.stringify(project)}`,
    usageSeen: (project) => `${prefix}usage:seen:${projectTag(project)}`,
    usageRecent: (project, minuteMs) => `${prefix}usage:recent:${JSON.stringify([project, minuteMs])}`,
    // The window index is numeric and last, so a ':' inside `key` cannot make two keys collide.
    rateLimit: (key, windowMs, index) => `${prefix}ratelimit:${key}:${windowMs}:${index}`,
    exportJob: (id) => `${prefix}export:job:${id}`,
    exportFile: (id) => `${prefix}export:file:${id}`,
    exportFilePart: (id) => `${prefix}export:file-part:${id}`,
    exportJobsOf: (project) => `${prefix}export:jobs:${projectTag(project)}`,
    // One hash tag for the queue's two keys: its scripts touch one slot on a cluster.
    deliveriesDue: `${prefix}deliveries:{queue}:due`,
    deliveryBodies: `${prefix}deliveries:{queue}:bodies`,
    deliveryClaim: (id) => `${prefix}deliveries:claim:${id}`,
  };
}

/**
 * The part of every key of one project that Redis Cluster hashes (its hash tag): all of a
 * project's keys land in one slot, so one script may touch them all.
 */
export function projectTag(project: string): string {
  return `{${project}}`;
}
