import Redis from 'ioredis';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { startRedisServer, type RedisServerHandle } from '../../../common/testing/redis-server';
import { MINUTE_MS, minuteOf, RECENT_USAGE_KEPT_MS } from './recent-usage';
import { createRedisStore } from './redis-store';
import { runStoreLifetime } from './testing/store-lifetime';
import { probeStateField } from './redis-region-state';
import { SEEN_PER_BUCKET } from './redis-seen-ids';
import { redactRedisUrl } from './redis-url';
import { describeExportJobContract } from './export-jobs-contract';
import { describeStoreContract, notification, readFeed, usageEvent } from './store-contract';
import type { Store } from './types';

let redis: RedisServerHandle;
let inspector: Redis;
let prefixes = 0;
/** Each test gets its own key prefix on the one server, so tests never see each other's keys. */
const freshPrefix = (): string => `test${++prefixes}:`;

beforeAll(async () => {
  redis = await startRedisServer({ appendOnly: false });
  inspector = new Redis(redis.url);
});
afterAll(async () => {
  await inspector.quit();
  await redis.dispose();
});

/**
 * The seen-id horizon of a batch recorded at `nowMs` with a 60 s window: a window and a second
 * past now, rounded up to the next whole hour (redis-seen-ids.ts). A test reads it for the clock
 * before and after its batch: a batch within a minute of an hour's end may land on either side.
 */
const horizonAt = (nowMs: number): number => (Math.floor((nowMs + 61_000) / 3_600_000) + 1) * 3_600_000;

/** How many digests a project's seen-id buckets hold now. */
async function countSeen(prefix: string): Promise<number> {
  const bucketKeys = await inspector.keys(`${prefix}usage:seen:{acme}:*`);
  const sizes = await Promise.all(bucketKeys.map((key) => inspector.hlen(key)));
  return sizes.reduce((sum, size) => sum + size, 0);
}

describeStoreContract('redis', async () => ({
  store: createRedisStore({ url: redis.url, keyPrefix: freshPrefix() }),
  advance: async (ms) => {
    await sleep(ms);
  },
  now: () => Date.now(),
  windowSlackMs: 1000,
}));

describeExportJobContract('redis', () => createRedisStore({ url: redis.url, keyPrefix: freshPrefix() }));

describe('the redis store', () => {
  const stores: Store[] = [];
  const open = (keyPrefix: string): Store => {
    const store = createRedisStore({ url: redis.url, keyPrefix });
    stores.push(store);
    return store;
  };
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
  });

  it('keeps a project minute in one hash that expires an hour after the minute ends, and writes no minute past that', async () => {
    const prefix = freshPrefix();
    const store = open(prefix);
    const minute = minuteOf(Date.now()) - 2 * MINUTE_MS;
    const tooOld = minute - RECENT_USAGE_KEPT_MS;
    await store.recordUsage([usageEvent('a', { timestampMs: minute }), usageEvent('b', { value: 2, timestampMs: minute + 1 }), usageEvent('c', { timestampMs: tooOld })], 60_000);
    const key = (minuteMs: number) => `${prefix}usage:recent:${JSON.stringify(['acme', minuteMs])}`;
    expect(await inspector.hgetall(key(minute))).toEqual({ '["eu-west","participant_minutes"]': '3' });
    expect(await inspector.call('PEXPIRETIME', key(minute))).toBe(minute + MINUTE_MS + RECENT_USAGE_KEPT_MS);
    expect(await inspector.exists(key(tooOld))).toBe(0);
    expect((await store.usageTotals())[0].value).toBe(4);
  });

  it('adds a batch\'s increments to a series as one by one would, in order, up to the bound of exact sums (2^53)', async () => {
    const prefix = freshPrefix();
    const store = open(prefix);
    const totals = `${prefix}usage:totals`;
    const field = '["acme","eu-west","participant_minutes"]';
    const nowMs = Date.now();
    const minute = `${prefix}usage:recent:${JSON.stringify(['acme', minuteOf(nowMs)])}`;
    // Fractions between whole numbers: the same decimal HINCRBYFLOAT makes one increment at a time.
    await store.recordUsage([0.1, 2, 0.2, 3].map((value, index) => usageEvent(`f${index}`, { value })), 60_000);
    await inspector.hset(`${prefix}check`, 'x', 0);
    for (const value of [0.1, 2, 0.2, 3]) await inspector.hincrbyfloat(`${prefix}check`, 'x', value);
    expect(await inspector.hget(totals, field)).toBe(await inspector.hget(`${prefix}check`, 'x'));
    // Past 2^53 a double no longer holds every whole number: ten of 999,999,999,999,999 and a 1 end odd, as one by one.
    const large = [...Array<number>(10).fill(999_999_999_999_999), 1].map((value, index) => usageEvent(`l${index}`, { type: 'bandwidth_bytes', value, timestampMs: nowMs }));
    await store.recordUsage(large, 60_000);
    expect(await inspector.hget(totals, '["acme","eu-west","bandwidth_bytes"]')).toBe('9999999999999991');
    expect(await inspector.hget(minute, '["eu-west","bandwidth_bytes"]')).toBe('9999999999999991');
  });

  it('shows the same totals and counts through two stores on one Redis', async () => {
    const prefix = freshPrefix();
    const [one, two] = [open(prefix), open(prefix)];
    await one.recordUsage([usageEvent('a', { value: 2 }), usageEvent('b', { value: 3 })], 60_000);
    expect(await two.recordUsage([usageEvent('b', { value: 3 }), usageEvent('c', { value: 4 })], 60_000)).toEqual({ accepted: ['c'], duplicates: ['b'] });
    expect(await one.usageTotals()).toEqual(await two.usageTotals());
    expect(await two.usageTotals()).toEqual([{ project: 'acme', region: 'eu-west', type: 'participant_minutes', value: 9 }]);
    expect(await one.usageEventCounts()).toEqual({ accepted: 3, duplicate: 1, rejected: 0 });
    expect(await two.admitProjects(['p1'], 1)).toEqual({ admitted: true, added: ['p1'] });
    expect(await one.admitProjects(['p2'], 1)).toEqual({ admitted: false });
  });

  it('feeds each replica the totals the others wrote, as changes', async () => {
    const prefix = freshPrefix();
    const [one, two] = [open(prefix), open(prefix)];
    await one.recordUsage([usageEvent('a', { value: 2 })], 60_000);
    const start = await readFeed(two, undefined);
    expect(start).toMatchObject({ full: true, totals: { '["acme","eu-west","participant_minutes"]': 2 } });
    await one.recordUsage([usageEvent('b', { value: 3 })], 60_000);
    await two.recordUsage([usageEvent('c', { value: 1, project: 'globex' })], 60_000);
    expect(await readFeed(two, start.cursor)).toMatchObject({ full: false, totals: { '["acme","eu-west","participant_minutes"]': 5, '["globex","eu-west","participant_minutes"]': 1 } });
  });

  it('hands every total again once the totals were flushed, with nothing of the old ones', async () => {
    const prefix = freshPrefix();
    const store = open(prefix);
    await store.recordUsage([usageEvent('a', { value: 2 }), usageEvent('b', { value: 1, region: 'us-east' })], 60_000);
    const { cursor } = await readFeed(store, undefined);
    await inspector.del(...(await inspector.keys(`${prefix}*`)));
    await store.recordUsage([usageEvent('c', { value: 7 })], 60_000);
    expect(await readFeed(store, cursor)).toMatchObject({ full: true, totals: { '["acme","eu-west","participant_minutes"]': 7 } });
  });

  it('hands every total again after a Redis restart, even one that kept the data', async () => {
    const durable = await startRedisServer({ appendOnly: true });
    const store = createRedisStore({ url: durable.url, maxReconnectDelayMs: 100 });
    try {
      await store.recordUsage([usageEvent('a', { value: 2 })], 60_000);
      const { cursor } = await readFeed(store, undefined);
      await durable.restart();
      let after;
      for (let attempt = 0; attempt < 50 && after === undefined; attempt++) after = await readFeed(store, cursor).catch(() => sleep(100).then(() => undefined));
      expect(after).toMatchObject({ full: true, totals: { '["acme","eu-west","participant_minutes"]': 2 } });
      expect(await readFeed(store, after!.cursor)).toMatchObject({ full: false, totals: {} });
    } finally {
      await store.close();
      await durable.dispose();
    }
  });

  it('reads a feed too far behind as a full scan, holding every total once it is done', async () => {
    const prefix = freshPrefix();
    const store = open(prefix);
    const { cursor } = await readFeed(store, undefined);
    // More series than one HSCAN slice and than the changes worth reading one by one.
    for (let batch = 0; batch < 25; batch++) {
      await store.recordUsage(Array.from({ length: 1000 }, (_, i) => usageEvent(`e${batch}-${i}`, { project: `p${batch}`, region: `r${i}` })), 60_000);
    }
    const read = await readFeed(store, cursor);
    expect(read.full).toBe(true);
    expect(Object.keys(read.totals)).toHaveLength(25_000);
    expect(read.totals['["p24","r999","participant_minutes"]']).toBe(1);
  });

  it('counts every id exactly once when 20 batches with overlapping ids race from four clients', async () => {
    const prefix = freshPrefix();
    const clients = [open(prefix), open(prefix), open(prefix), open(prefix)];
    // Batch b holds ids b*5 … b*5+49: every id but the first few and last few is in ten batches.
    const batches = Array.from({ length: 20 }, (_, b) => Array.from({ length: 50 }, (_, i) => usageEvent(`id-${b * 5 + i}`)));
    const outcomes = await Promise.all(batches.map((batch, b) => clients[b % clients.length].recordUsage(batch, 60_000)));
    const accepted = outcomes.flatMap((outcome) => outcome.accepted);
    expect(new Set(accepted).size).toBe(accepted.length);
    expect(accepted).toHaveLength(145); // ids 0 … 144
    expect(await clients[0].usageTotals()).toEqual([{ project: 'acme', region: 'eu-west', type: 'participant_minutes', value: 145 }]);
    expect(await clients[1].usageEventCounts()).toEqual({ accepted: 145, duplicate: 20 * 50 - 145, rejected: 0 });
  });

  it('writes no key at all for a batch refused in the middle', async () => {
    const prefix = freshPrefix();
    const store = open(prefix);
    const batch = [usageEvent('a'), usageEvent('b', { type: 'storage_bytes', value: 5 }), usageEvent('c', { timestampMs: Number.POSITIVE_INFINITY }), usageEvent('d')];
    await expect(store.recordUsage(batch, 60_000)).rejects.toThrow(/event 3 \(id "c"\): timestamp must be a finite number \(got Infinity\)/);
    expect(await inspector.keys(`${prefix}*`)).toEqual([]);
  });

  it("reads a project's trigger history in one page of its own, however long the other projects' history", async () => {
    const prefix = freshPrefix();
    const store = open(prefix);
    const now = Date.now();
    await store.addNotifications([notification({ alertname: 'Mine', project: 'acme', receivedAtMs: now - 10_000 })], 86_400_000, now);
    await store.addNotifications(Array.from({ length: 2000 }, (_, i) => notification({ project: 'globex', fingerprint: `f${i}`, receivedAtMs: now - i })), 86_400_000, now);
    expect(await inspector.zcard(`${prefix}alerts:by-project:"acme"`)).toBe(1);
    const pttl = await inspector.pttl(`${prefix}alerts:by-project:"acme"`);
    expect(pttl).toBeGreaterThan(86_000_000);
    expect(pttl).toBeLessThanOrEqual(86_400_000);
    await inspector.config('RESETSTAT');
    expect((await store.listNotifications({ project: 'acme', limit: 20 })).map((n) => n.alertname)).toEqual(['Mine']);
    // Pages read, whatever the command: the global history's 2,001 members would take 11 pages of 200.
    const stats = (await inspector.info('commandstats')).split('\n').filter((line) => /^cmdstat_zrev/.test(line));
    const pages = stats.reduce((sum, line) => sum + Number(/calls=(\d+)/.exec(line)![1]), 0);
    expect(pages).toBe(1);
  });

  it('draws a batch’s rate limits in the script that records it: one round trip', async () => {
    const store = open(freshPrefix());
    const limits = { limits: [{ key: 'usage:acme', limit: 10 }], windowMs: 60_000, nowMs: Date.now() };
    await store.recordUsageWithinLimits([usageEvent('warm')], 60_000, limits);
    await inspector.config('RESETSTAT');
    expect(await store.recordUsageWithinLimits([usageEvent('a'), usageEvent('b')], 60_000, limits)).toEqual({ recorded: { accepted: ['a', 'b'], duplicates: [] } });
    // One script sent; inside it the counter's INCR and the version's, and an HSETNX per event.
    const sent = (await inspector.info('commandstats')).split('\r\n').filter((line) => /^cmdstat_(evalsha|eval|incr|hsetnx):/.test(line));
    expect(sent.map((line) => line.replace(/:calls=(\d+).*/, ' $1')).sort()).toEqual(['cmdstat_evalsha 1', 'cmdstat_hsetnx 2', 'cmdstat_incr 2']);
  });

  it('lays out its keys under the prefix, with idempotency and rate-limit keys that expire', async () => {
    const prefix = freshPrefix();
    const store = open(prefix);
    await store.ping();
    const beforeMs = Date.now();
    await store.recordUsage([usageEvent('a', { type: 'storage_bytes' })], 60_000);
    const afterMs = Date.now();
    await store.countRejected(1);
    await store.admitProjects(['acme'], 10);
    await store.consumeRateLimit('usage:acme', 10, 60_000, 1_700_000_000_000);
    await store.addNotifications([notification()], 60_000, 1_700_000_000_000);
    await store.putProbeState({ region: 'eu-west', vantage: 'local', state: 'healthy', recent: ['ok'], lastCheckMs: 1, result: { success: true, durationSeconds: 0.01 } });
    await store.putLoad({ region: 'eu-west', load: 1, source: 'api', atMs: 1 });
    expect((await inspector.keys(`${prefix}*`)).sort()).toEqual(
      [
        'alerts:by-project:""',
        'alerts:counts',
        'alerts:history',
        'alerts:sequence',
        'ratelimit:usage:acme:60000:28333333',
        'region:loads',
        'region:probe-states',
        'usage:changes',
        'usage:epoch',
        'usage:event-counts',
        'usage:level-times',
        'usage:projects',
        'usage:seen:{acme}',
        'usage:seen:{acme}:0',
        'usage:totals',
        'usage:version',
      ].map((key) => prefix + key),
    );
    // Seen-id keys expire at the whole hour after the window (and the second's slack) has passed.
    for (const seenKey of ['usage:seen:{acme}', 'usage:seen:{acme}:0']) {
      expect([horizonAt(beforeMs), horizonAt(afterMs)]).toContain(Number(await inspector.call('PEXPIRETIME', prefix + seenKey)));
    }
    expect(await inspector.pttl(`${prefix}ratelimit:usage:acme:60000:28333333`)).toBeGreaterThan(60_000);
  });

  it('keeps a probe state under the field probeStateField names, so a reader can ask for one region as one vantage sees it', async () => {
    const prefix = freshPrefix();
    const store = open(prefix);
    const state = { region: 'eu-west', vantage: 'fra', state: 'healthy' as const, recent: ['ok' as const], lastCheckMs: 7, result: { success: true, durationSeconds: 0.01 } };
    await store.putProbeState(state);
    await store.putProbeState({ ...state, vantage: 'iad', lastCheckMs: 8 });
    const [fra, missing] = await inspector.hmget(`${prefix}region:probe-states`, probeStateField('eu-west', 'fra'), probeStateField('eu-west', 'sin'));
    expect(JSON.parse(fra!)).toEqual(state);
    expect(missing).toBeNull();
  });

  it('keeps seen ids exactly through bucket splits, in buckets Redis holds compactly', async () => {
    const prefix = freshPrefix();
    const store = open(prefix);
    const ids = Array.from({ length: 3000 }, (_, i) => `id-${i}`);
    for (let first = 0; first < ids.length; first += 500) {
      const outcome = await store.recordUsage(ids.slice(first, first + 500).map((id) => usageEvent(id)), 60_000);
      expect(outcome.duplicates).toEqual([]);
    }
    // Every id is still found after the buckets split under it; a new id is still new.
    const again = await store.recordUsage([...ids, 'fresh'].map((id) => usageEvent(id)), 60_000);
    expect(again).toEqual({ accepted: ['fresh'], duplicates: ids });
    const layout = await inspector.hgetall(`${prefix}usage:seen:{acme}`);
    const buckets = 2 ** Number(layout.level) + Number(layout.split);
    expect(Number(layout.count)).toBe(3001);
    expect(buckets).toBeGreaterThanOrEqual(3001 / SEEN_PER_BUCKET);
    const bucketKeys = await inspector.keys(`${prefix}usage:seen:{acme}:*`);
    expect(bucketKeys).toHaveLength(buckets);
    const encodings = await Promise.all(bucketKeys.map((key) => inspector.object('ENCODING', key)));
    expect(new Set(encodings)).toEqual(new Set(['listpack']));
  });

  it("keeps every seen-id bucket expiring at its layout's horizon: split, recreated, and after the horizon moves on", async () => {
    const prefix = freshPrefix();
    const store = open(prefix);
    const ids = Array.from({ length: 3000 }, (_, i) => `id-${i}`);
    const record = async (batch: readonly string[]) => {
      for (let first = 0; first < batch.length; first += 500) await store.recordUsage(batch.slice(first, first + 500).map((id) => usageEvent(id)), 60_000);
    };
    const layoutKey = `${prefix}usage:seen:{acme}`;
    const expiries = async () => {
      const keys = [layoutKey, ...(await inspector.keys(`${layoutKey}:*`))];
      return new Set(await Promise.all(keys.map(async (key) => Number(await inspector.call('PEXPIRETIME', key)))));
    };
    /** Records, then reads the layout's horizon: the one of the clock before or after the recording (an hour may turn meanwhile). */
    const recordedHorizon = async (batch: readonly string[]) => {
      const beforeMs = Date.now();
      await record(batch);
      const afterMs = Date.now();
      const horizon = Number(await inspector.hget(layoutKey, 'horizon'));
      expect([horizonAt(beforeMs), horizonAt(afterMs)]).toContain(horizon);
      return horizon;
    };
    await store.ping();
    const horizon = await recordedHorizon(ids);
    expect(await expiries()).toEqual(new Set([horizon]));
    // A bucket gone (expired, or emptied by a split) and written again has no expiry until the script sets one.
    await inspector.del(`${layoutKey}:0`);
    const again = await recordedHorizon(ids);
    expect(await inspector.exists(`${layoutKey}:0`)).toBe(1);
    expect(await expiries()).toEqual(new Set([again]));
    // An hour on, the horizon is short of the window: the next batch moves it and extends every bucket (fewer than 64 here).
    await inspector.hset(layoutKey, 'horizon', again - 3_600_000);
    for (const key of await inspector.keys(`${layoutKey}*`)) await inspector.pexpireat(key, again - 3_600_000);
    const moved = await recordedHorizon(['one-more']);
    expect(await expiries()).toEqual(new Set([moved]));
  });

  it('reads no bucket expiry per id once every bucket of the layout lives to its horizon', async () => {
    const prefix = freshPrefix();
    const store = open(prefix);
    for (let first = 0; first < 3000; first += 500) await store.recordUsage(Array.from({ length: 500 }, (_, i) => usageEvent(`id-${first + i}`)), 60_000);
    await inspector.config('RESETSTAT');
    await store.recordUsage(Array.from({ length: 100 }, (_, i) => usageEvent(`new-${i}`)), 60_000);
    const calls = async (command: string) => Number(new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(await inspector.info('commandstats'))?.[1] ?? 0);
    // The layout's own, and the few buckets the batch's splits made; not one per bucket written (about 60).
    expect(await calls('hsetnx')).toBe(100);
    expect(await calls('pexpiretime')).toBeLessThanOrEqual(8);
  });

  it('drops digests older than the window when a bucket splits, and keeps its count of what it holds', async () => {
    const prefix = freshPrefix();
    const store = open(prefix);
    // One bucket's worth, then the window passes; the next batch splits the bucket.
    await store.recordUsage(Array.from({ length: SEEN_PER_BUCKET }, (_, i) => usageEvent(`old-${i}`)), 200);
    await sleep(1250);
    await store.recordUsage(Array.from({ length: SEEN_PER_BUCKET }, (_, i) => usageEvent(`new-${i}`)), 200);
    expect(await countSeen(prefix)).toBe(SEEN_PER_BUCKET);
    expect(Number(await inspector.hget(`${prefix}usage:seen:{acme}`, 'count'))).toBe(SEEN_PER_BUCKET);
  });

  // How fast is the bench's to say (bench/README.md, Ingestion): a time limit here failed on a loaded machine.
  it('records a batch of 100 events in one round trip to Redis', async () => {
    const store = open(freshPrefix());
    await store.recordUsage([usageEvent('warm')], 60_000);
    await inspector.config('RESETSTAT');
    expect((await store.recordUsage(Array.from({ length: 100 }, (_, i) => usageEvent(`e${i}`)), 60_000)).accepted).toHaveLength(100);
    const sent = (await inspector.info('commandstats')).split('\r\n').filter((line) => /^cmdstat_(evalsha|eval|hsetnx):/.test(line));
    expect(sent.map((line) => line.replace(/:calls=(\d+).*/, ' $1')).sort()).toEqual(['cmdstat_evalsha 1', 'cmdstat_hsetnx 100']);
  });

  it('loads its scripts again after Redis forgets them', async () => {
    const store = open(freshPrefix());
    await store.recordUsage([usageEvent('a')], 60_000);
    await inspector.script('FLUSH');
    expect(await store.recordUsage([usageEvent('b')], 60_000)).toEqual({ accepted: ['b'], duplicates: [] });
  });

  it('never logs the password in its URL, even when Redis refuses it', async () => {
    const secured = await startRedisServer({ appendOnly: false, password: 's3cret-pass' });
    let logs = '';
    const logger = pino({ level: 'debug' }, new Writable({ write: (chunk, _encoding, done) => ((logs += chunk.toString()), done()) }));
    const wrong = createRedisStore({ url: `redis://:wrong-pass@127.0.0.1:${secured.port}`, logger });
    const right = createRedisStore({ url: `redis://:s3cret-pass@127.0.0.1:${secured.port}`, logger });
    try {
      expect(await right.admitProjects(['acme'], 1)).toEqual({ admitted: true, added: ['acme'] });
      const error = await wrong.admitProjects(['acme'], 1).then(() => undefined, (e: Error) => e);
      expect(error?.message).toMatch(/^redis store: admit projects: /);
      expect(await wrong.ping()).toBe(false);
      // The refusal reaches the log through the client's error event: wait for it, not for a time.
      for (const deadline = Date.now() + 10_000; !/WRONGPASS|unreachable/.test(logs) && Date.now() < deadline; ) await sleep(20);
      expect(logs).toMatch(/redis store connected/);
      expect(logs).toMatch(/WRONGPASS|unreachable/);
      expect(logs).not.toMatch(/wrong-pass|s3cret-pass/);
      expect(String(error?.message)).not.toMatch(/wrong-pass/);
    } finally {
      await Promise.all([wrong.close(), right.close()]);
      await secured.dispose();
    }
  });
});

describe('the redis store, closed', () => {
  it('leaves nothing running: its process exits by itself', async () => {
    expect(await runStoreLifetime({ url: redis.url, keyPrefix: freshPrefix() }, 'plain')).toEqual({ exitedByItself: true, lines: ['open', 'closed'] });
  }, 30_000);
});

describe('redacting a Redis URL', () => {
  it('hides the password and keeps the rest', () => {
    expect(redactRedisUrl('redis://user:hunter2@cache.internal:6380/2')).toBe('redis://user:***@cache.internal:6380/2');
    expect(redactRedisUrl('rediss://:hunter2@cache.internal')).toBe('rediss://:***@cache.internal');
    expect(redactRedisUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });

  it('says nothing of a URL it cannot parse', () => {
    expect(redactRedisUrl('not a url :hunter2@')).toBe('(unparseable Redis URL)');
  });
});
