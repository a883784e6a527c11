/**
 * Reading the usage change feed (see READ_USAGE_CHANGES): the totals changed since the reader's
 * cursor, or every total when the cursor no longer holds. Every replica reads the one feed, so
 * each sees the totals the others wrote; values are whole totals, not increments, so applying a
 * change twice is harmless and a read that fails halfway only needs repeating.
 *
 * A full read scans the totals hash in slices (HSCAN) rather than one HGETALL, so neither Redis
 * nor this process holds every total in one reply; then it reads the changes made after the
 * version it started at. HSCAN returns every field present for the whole scan at least once, and
 * anything written meanwhile carries a later version, so the reader ends holding the totals as
 * of that last read.
 */
import type { RedisClient } from './redis-connection';
import type { RedisKeys } from './redis-keys';
import { runScript } from './redis-script';
import { READ_USAGE_CHANGES } from './redis-usage-script';
import type { UsageChangeSink, UsageCursor } from './types';

/** More changes than this since a reader's cursor: it scans the whole hash instead. */
const MAX_DELTA_CHANGES = 20_000;
/** Fields per HSCAN call. */
const SCAN_COUNT = 5000;
/** A full read that sees a new epoch before it finishes starts over, this many times at most. */
const FULL_READ_ATTEMPTS = 3;

interface FeedReply {
  readonly epoch: string;
  readonly version: number;
  readonly full: boolean;
  /** field, total, field, total … from index 3 of the raw reply. */
  readonly reply: readonly unknown[];
}

/**
 * Reads the feeds of every shard (one on one Redis; redis-cluster-keys.ts on a cluster). The
 * cursor holds each shard's epoch and version (in its `epoch`); its `version` is their sum.
 * When any shard cannot answer as a delta, every shard is read in full: a full read drops
 * every total the reader holds.
 *
 * `generation` is the connection's: a cursor taken on an earlier connection is not trusted, since
 * Redis may have restarted in between and come back with older data under the same epoch.
 */
export async function readUsageChanges(client: RedisClient, shards: readonly RedisKeys[], generation: number, since: UsageCursor | undefined, sink: UsageChangeSink): Promise<UsageCursor> {
  const prefix = `${generation}/`;
  const own = since !== undefined && since.epoch.startsWith(prefix) ? parseShardCursors(since, prefix.length, shards.length) : undefined;
  if (own) {
    const feeds = await Promise.all(shards.map((keys, index) => readFeed(client, keys, own[index].epoch, own[index].version, MAX_DELTA_CHANGES)));
    if (feeds.every((feed) => !feed.full)) {
      for (const feed of feeds) applyPairs(feed.reply, sink);
      return cursorOf(prefix, feeds);
    }
  }
  for (let attempt = 1; attempt <= FULL_READ_ATTEMPTS; attempt++) {
    sink.full();
    // Shard after shard, not at once: only one shard's scan is in flight at a time.
    const cursors: ShardCursor[] = [];
    for (const keys of shards) {
      const cursor = await readShardInFull(client, keys, sink);
      if (!cursor) break;
      cursors.push(cursor);
    }
    if (cursors.length === shards.length) return cursorOf(prefix, cursors);
  }
  throw new Error(`the usage totals were reset ${FULL_READ_ATTEMPTS} times while being read`);
}

interface ShardCursor {
  readonly epoch: string;
  readonly version: number;
}

function cursorOf(prefix: string, shards: readonly ShardCursor[]): UsageCursor {
  return { epoch: prefix + JSON.stringify(shards.map(({ epoch, version }) => [epoch, version])), version: shards.reduce((sum, shard) => sum + shard.version, 0) };
}

/** The shard cursors a cursor's epoch holds, or undefined when it is not one of ours for these shards. */
function parseShardCursors(since: UsageCursor, from: number, count: number): ShardCursor[] | undefined {
  try {
    const parsed: unknown = JSON.parse(since.epoch.slice(from));
    if (!Array.isArray(parsed) || parsed.length !== count) return undefined;
    const valid = parsed.every((entry) => Array.isArray(entry) && typeof entry[0] === 'string' && Number.isInteger(entry[1]));
    if (!valid) return undefined;
    const shards = (parsed as [string, number][]).map(([epoch, version]) => ({ epoch, version }));
    // A cursor whose version is not the sum of its shards' was altered: not trusted.
    return cursorOf('', shards).version === since.version ? shards : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Scans one shard's totals into the sink, then the changes made meanwhile (see the file's
 * comment); undefined when the shard's totals were reset during the scan.
 */
async function readShardInFull(client: RedisClient, keys: RedisKeys, sink: UsageChangeSink): Promise<ShardCursor | undefined> {
  const start = await readFeed(client, keys, '', 0, 0);
  let cursor = '0';
  do {
    const [next, pairs] = await client.hscan(keys.usageTotals, cursor, 'COUNT', SCAN_COUNT);
    applyPairs(pairs, sink, 0);
    cursor = next;
  } while (cursor !== '0');
  const after = await readFeed(client, keys, start.epoch, start.version, Number.MAX_SAFE_INTEGER);
  if (after.full) return undefined;
  applyPairs(after.reply, sink);
  return after;
}

async function readFeed(client: RedisClient, keys: RedisKeys, epoch: string, version: number, maxChanges: number): Promise<FeedReply> {
  const reply = await runScript(client, READ_USAGE_CHANGES, [keys.usageTotals, keys.usageEpoch, keys.usageVersion, keys.usageChanges], [epoch, String(version), String(maxChanges)]);
  if (!Array.isArray(reply) || reply.length < 3 || typeof reply[0] !== 'string' || typeof reply[1] !== 'number' || (reply[2] !== 'full' && reply[2] !== 'delta')) {
    throw new Error(`unexpected change-feed reply ${JSON.stringify(reply).slice(0, 200)}`);
  }
  return { epoch: reply[0], version: reply[1], full: reply[2] === 'full', reply };
}

/** Hands over field/total pairs straight from a reply, from `first` on. */
function applyPairs(reply: readonly unknown[], sink: UsageChangeSink, first = 3): void {
  for (let i = first; i + 1 < reply.length; i += 2) sink.total(reply[i] as string, reply[i + 1] as string);
}
