/**
 * Where the store's keys live on Redis Cluster (REDIS_CLUSTER_NODES), where a script or MULTI may
 * only touch keys of one slot. One Redis keeps the layout of redis-keys.ts unchanged.
 *
 * Usage (totals, level times, event counts, change feed, seen ids, recent minutes, recorded
 * values) is split into USAGE_SHARDS shards: a project belongs to the shard its name hashes to,
 * and every key of a shard carries the shard's hash tag `{u:<n>}`, so a batch's script for one
 * shard touches one slot. A shard is each key of redis-keys.ts under the prefix `<prefix>{u:<n>}:`
 * (a key's first `{…}` is its tag: the project tag that follows inside some names is then plain
 * text). Each shard has its own change feed; readers merge them (redis-usage-changes.ts).
 *
 * The shards' tags are chosen so that their slots are spread evenly over the slot space (shard n
 * in the middle of the n-th of USAGE_SHARDS equal ranges): masters that own equal ranges, as
 * `redis-cli --cluster create` makes them, get equal numbers of shards.
 *
 * The other parts keep their keys together per part, each part under its own tag: `{region}`
 * (probe states, loads, placements), `{alerts}` (alert history and counts), `{control}` (project
 * alerts, channels, triggers, custom metrics: scripts there mix per-project and global keys),
 * `{projects}` (the admitted-projects set), and each export job under `{x:<id>}`.
 *
 * A rate-limit counter lives in the usage shard of its key's owner (rate-limit-key.ts: the project
 * of `usage:<project>` and `api:<project>`): a batch of one shard's projects draws its limits in
 * its own script, in the same round trip, as on one Redis. The counters spread as the projects do,
 * so no slot takes every project's.
 */
import { rateLimitOwner } from './rate-limit-key';
import { redisKeys, type RedisKeys } from './redis-keys';

/**
 * How many usage shards. Fixed: a project's shard follows from its name and this number, so
 * changing it would move projects away from their stored totals. 120 splits evenly over 1–6, 8,
 * 10, 12 … masters.
 */
export const USAGE_SHARDS = 120;
const SLOTS = 16384;

/** The usage keys of every shard, and which shard holds a project. */
export interface UsageShards {
  readonly all: readonly RedisKeys[];
  of(project: string): RedisKeys;
  /** The shard whose slot holds a rate-limit key's counters (its `rateLimit` names them). */
  ofRateLimit(key: string): RedisKeys;
}

export interface StoreKeyLayout {
  /** The keys of every part but usage. */
  readonly keys: RedisKeys;
  readonly usage: UsageShards;
}

/** One Redis: every project in the one shard, which is the layout of redis-keys.ts itself. */
export function singleKeyLayout(prefix: string): StoreKeyLayout {
  const keys = redisKeys(prefix);
  return { keys, usage: { all: [keys], of: () => keys, ofRateLimit: () => keys } };
}

export function clusterKeyLayout(prefix: string): StoreKeyLayout {
  const all = shardTags().map((tag) => redisKeys(`${prefix}{${tag}}:`));
  const usage: UsageShards = { all, of: (project) => all[shardOf(project)], ofRateLimit: (key) => all[shardOf(rateLimitOwner(key))] };
  const under = (tag: string): RedisKeys => redisKeys(`${prefix}{${tag}}:`);
  const region = under('region');
  const alerts = under('alerts');
  const control = under('control');
  const plain = redisKeys(prefix);
  const keys: RedisKeys = {
    ...control,
    probeStates: region.probeStates,
    loads: region.loads,
    placements: region.placements,
    alertHistory: alerts.alertHistory,
    alertSequence: alerts.alertSequence,
    alertCounts: alerts.alertCounts,
    alertHistoryOf: alerts.alertHistoryOf,
    usageProjects: under('projects').usageProjects,
    rateLimit: (key, windowMs, index) => usage.ofRateLimit(key).rateLimit(key, windowMs, index),
    // One key per delivery id or project: spread over the slots rather than all on {control}.
    deliveryClaim: plain.deliveryClaim,
    exportJobsOf: plain.exportJobsOf,
    exportJob: (id) => under(`x:${id}`).exportJob(id),
    exportFile: (id) => under(`x:${id}`).exportFile(id),
    exportFilePart: (id) => under(`x:${id}`).exportFilePart(id),
  };
  return { keys, usage };
}

/** The shard of a project: its name's slot, spread over the shards. */
export function shardOf(project: string): number {
  return crc16(Buffer.from(project)) % USAGE_SHARDS;
}

/** Tag n is `u:n`, or `u:n.k` with the first k that puts its slot in the middle half of range n. */
function shardTags(): string[] {
  const tags: string[] = [];
  for (let n = 0; n < USAGE_SHARDS; n++) {
    const first = (n * SLOTS) / USAGE_SHARDS;
    const width = SLOTS / USAGE_SHARDS;
    const fits = (tag: string): boolean => {
      const slot = keySlot(tag);
      return slot >= first + width / 4 && slot < first + (3 * width) / 4;
    };
    let tag = `u:${n}`;
    for (let k = 0; !fits(tag); k++) tag = `u:${n}.${k}`;
    tags.push(tag);
  }
  return tags;
}

/** The cluster slot of a key (or of a bare hash tag): CRC16 of its tag, modulo 16384. */
export function keySlot(key: string): number {
  const open = key.indexOf('{');
  const close = open < 0 ? -1 : key.indexOf('}', open + 1);
  const hashed = close > open + 1 ? key.slice(open + 1, close) : key;
  return crc16(Buffer.from(hashed)) % SLOTS;
}

/** CRC16-CCITT (XMODEM: polynomial 0x1021, initial 0), the checksum Redis Cluster hashes keys with. */
function crc16(bytes: Buffer): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}
