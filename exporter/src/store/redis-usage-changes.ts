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
import type Redis from 'ioredis';
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
 * `generation` is the connection's: a cursor taken on an earlier connection is not trusted, since
 * Redis may have restarted in between and come back with older data under the same epoch.
 */
export async function readUsageChanges(client: Redis, keys: RedisKeys, generation: number, since: UsageCursor | undefined, sink: UsageChangeSink): Promise<UsageCursor> {
  const prefix = `${generation}/`;
  const own = since !== undefined && since.epoch.startsWith(prefix) ? { epoch: since.epoch.slice(prefix.length), version: since.version } : undefined;
  if (own) {
    const feed = await readFeed(client, keys, own.epoch, own.version, MAX_DELTA_CHANGES);
    if (!feed.full) {
      applyPairs(feed.reply, sink);
      return { epoch: prefix + feed.epoch, version: feed.version };
    }
  }
  for (let attempt = 1; attempt <= FULL_READ_ATTEMPTS; attempt++) {
    const start = await readFeed(client, keys, '', 0, 0);
    sink.full();
    let cursor = '0';
    do {
      const [next, pairs] = await client.hscan(keys.usageTotals, cursor, 'COUNT', SCAN_COUNT);
      applyPairs(pairs, sink, 0);
      cursor = next;
    } while (cursor !== '0');
    const after = await readFeed(client, keys, start.epoch, start.version, Number.MAX_SAFE_INTEGER);
    if (!after.full) {
      applyPairs(after.reply, sink);
      return { epoch: prefix + after.epoch, version: after.version };
    }
  }
  throw new Error(`the usage totals were reset ${FULL_READ_ATTEMPTS} times while being read`);
}

async function readFeed(client: Redis, keys: RedisKeys, epoch: string, version: number, maxChanges: number): Promise<FeedReply> {
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
