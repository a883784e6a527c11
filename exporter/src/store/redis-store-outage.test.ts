import { setTimeout as sleep } from 'node:timers/promises';
import { startRedisServer, type RedisServerHandle } from '../../../common/testing/redis-server';
import { createRedisStore } from './redis-store';
import { notification, usageEvent } from './store-contract';
import type { Store } from './types';

let redis: RedisServerHandle;
let store: Store;
let prefixes = 0;

/**
 * A call that waited for Redis would wait until the test brings it back, so "did not wait" is any
 * bound well past the store's own 1 s command timeout: 5 s leaves a loaded machine's late timers
 * 4 s, where 1.5 s left 0.5 s. How fast is the bench's business.
 */
const NOT_WAITING_MS = 5_000;

beforeAll(async () => {
  redis = await startRedisServer(); // append-only, fsync on every write
});
afterAll(() => redis.dispose());
beforeEach(() => {
  store = createRedisStore({ url: redis.url, keyPrefix: `outage${++prefixes}:` });
});
afterEach(async () => {
  redis.resume();
  await store.close();
});

/** One call of every Store method. */
function everyCall(target: Store): Record<string, () => Promise<unknown>> {
  const now = Date.now();
  return {
    recordUsage: () => target.recordUsage([usageEvent(`outage-${now}`)], 60_000),
    usageTotals: () => target.usageTotals(),
    countRejected: () => target.countRejected(5),
    usageEventCounts: () => target.usageEventCounts(),
    admitProjects: () => target.admitProjects(['acme'], 10),
    releaseProjects: () => target.releaseProjects(['nobody']),
    consumeRateLimit: () => target.consumeRateLimit('acme', 10, 60_000, now),
    addNotifications: () => target.addNotifications([notification({ receivedAtMs: now })], 60_000, now),
    listNotifications: () => target.listNotifications({ limit: 10 }),
    notificationCounts: () => target.notificationCounts(),
    putProbeState: () => target.putProbeState({ region: 'eu-west', vantage: 'local', state: 'down', recent: ['fail'], lastCheckMs: now, result: { success: false, durationSeconds: 1 } }),
    probeStates: () => target.probeStates(),
    putLoad: () => target.putLoad({ region: 'eu-west', load: 1, source: 'api', atMs: now }),
    loads: () => target.loads(),
    load: () => target.load('eu-west'),
  };
}

/** Settles every call at once; returns how long each took and how it ended. */
async function timeEveryCall(target: Store): Promise<Record<string, { ms: number; ok: boolean; error?: string }>> {
  const entries = await Promise.all(
    Object.entries(everyCall(target)).map(async ([name, call]) => {
      const started = performance.now();
      const outcome = await call().then(
        () => ({ ok: true }),
        (error: Error) => ({ ok: false, error: error.message }),
      );
      return [name, { ms: performance.now() - started, ...outcome }] as const;
    }),
  );
  return Object.fromEntries(entries);
}

async function waitUntilUp(target: Store, withinMs = 5_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!(await target.ping())) {
    if (Date.now() > deadline) throw new Error(`store not back within ${withinMs} ms`);
    await sleep(50);
  }
}

describe('the redis store when Redis goes away', () => {
  it('keeps totals, counts and history through a crash and restart of Redis', async () => {
    await store.recordUsage([usageEvent('a', { value: 7 }), usageEvent('b', { type: 'storage_bytes', value: 1234 })], 60_000);
    await store.addNotifications([notification({ receivedAtMs: Date.now() })], 60_000, Date.now());
    await redis.kill();
    await redis.restart();
    await waitUntilUp(store);
    expect(await store.usageTotals()).toEqual([
      { project: 'acme', region: 'eu-west', type: 'participant_minutes', value: 7 },
      { project: 'acme', region: 'eu-west', type: 'storage_bytes', value: 1234 },
    ]);
    expect(await store.usageEventCounts()).toEqual({ accepted: 2, duplicate: 0, rejected: 0 });
    expect(await store.listNotifications({ limit: 10 })).toHaveLength(1);
    // The idempotency keys survived too.
    expect(await store.recordUsage([usageEvent('a', { value: 7 })], 60_000)).toEqual({ accepted: [], duplicates: ['a'] });
  });

  it('rejects every call without waiting while Redis is down, and recovers by itself once it is back', async () => {
    await waitUntilUp(store);
    await redis.kill();
    const down = await timeEveryCall(store);
    for (const [name, outcome] of Object.entries(down)) {
      expect({ name, ok: outcome.ok }).toEqual({ name, ok: false });
      expect({ name, waited: outcome.ms >= NOT_WAITING_MS }).toEqual({ name, waited: false });
      expect(outcome.error).toMatch(/^redis store: .+: /);
    }
    const pingStarted = performance.now();
    expect(await store.ping()).toBe(false);
    expect(performance.now() - pingStarted).toBeLessThan(NOT_WAITING_MS);

    await redis.restart();
    await waitUntilUp(store);
    const up = await timeEveryCall(store);
    for (const [name, outcome] of Object.entries(up)) expect({ name, ...outcome }).toMatchObject({ name, ok: true });
    // The countRejected(5) refused during the outage was dropped, not sent once Redis came back.
    expect(await store.usageEventCounts()).toEqual({ accepted: 1, duplicate: 0, rejected: 5 });
  });

  it('rejects calls after the command timeout while Redis hangs, and answers again when it resumes', async () => {
    await waitUntilUp(store);
    redis.pause();
    const hung = await timeEveryCall(store);
    for (const [name, outcome] of Object.entries(hung)) {
      expect({ name, ok: outcome.ok }).toEqual({ name, ok: false });
      expect({ name, waited: outcome.ms >= NOT_WAITING_MS }).toEqual({ name, waited: false });
    }
    expect(hung.usageTotals.error).toMatch(/timed out/i);
    expect(await store.ping()).toBe(false);
    redis.resume();
    await waitUntilUp(store);
    expect(await store.admitProjects(['acme'], 10)).toMatchObject({ admitted: true });
  });

  it('answers ping false and rejects at once when created while Redis is down', async () => {
    await redis.stop();
    const early = createRedisStore({ url: redis.url, keyPrefix: 'early:' });
    try {
      const started = performance.now();
      expect(await early.ping()).toBe(false);
      // "Unreachable", not "timed out": rejected at once, not after the command timeout.
      await expect(early.usageTotals()).rejects.toThrow(/redis store: read usage totals: Redis unreachable/);
      expect(performance.now() - started).toBeLessThan(NOT_WAITING_MS);
      await redis.restart();
      await waitUntilUp(early);
      expect(await early.usageTotals()).toEqual([]);
    } finally {
      await early.close();
    }
  });

  it('rejects calls after close', async () => {
    await store.close();
    await expect(store.usageTotals()).rejects.toThrow(/store closed/);
    expect(await store.ping()).toBe(false);
  });
});
