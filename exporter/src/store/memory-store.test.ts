import { createMemoryStore } from './memory-store';
import { StoreFullError } from './store-full';
import { MINUTE_MS, RECENT_USAGE_KEPT_MS } from './recent-usage';
import { describeExportJobContract } from './export-jobs-contract';
import { describeStoreContract, usageEvent } from './store-contract';

describeStoreContract('memory', async () => {
  let nowMs = 1_700_000_000_000;
  const store = createMemoryStore({ now: () => nowMs });
  return {
    store,
    advance: async (ms) => {
      nowMs += ms;
    },
    now: () => nowMs,
  };
});

describeExportJobContract('memory', () => createMemoryStore());

describe('the memory store', () => {
  it('forgets ids whose window has passed while many newer batches arrive', async () => {
    let nowMs = 0;
    const store = createMemoryStore({ now: () => nowMs });
    for (let batch = 0; batch < 100; batch++) {
      const events = Array.from({ length: 100 }, (_, i) => usageEvent(`e${batch}-${i}`));
      await store.recordUsage(events, 1_000);
      nowMs += 500;
    }
    // 10 000 ids over 50 s with a 1 s window: the old ids were pruned along the way.
    expect(await store.recordUsage([usageEvent('e0-0')], 1_000)).toEqual({ accepted: ['e0-0'], duplicates: [] });
    expect(await store.recordUsage([usageEvent('e99-0')], 1_000)).toEqual({ accepted: [], duplicates: ['e99-0'] });
  });

  it('uses the wall clock when no clock is given', async () => {
    const store = createMemoryStore();
    expect((await store.recordUsage([usageEvent('a')], 60_000)).accepted).toEqual(['a']);
    expect((await store.recordUsage([usageEvent('a')], 60_000)).duplicates).toEqual(['a']);
  });

  it('drops a minute of recent usage an hour after it ends, at the next write', async () => {
    let nowMs = 1_700_000_040_000;
    const store = createMemoryStore({ now: () => nowMs });
    const minute = 1_700_000_040_000 - (1_700_000_040_000 % MINUTE_MS);
    await store.recordUsage([usageEvent('a', { timestampMs: minute })], 86_400_000);
    const read = async () => (await store.recentUsage({ project: 'acme', regions: [], beforeMs: minute + 2 * MINUTE_MS })).minutes.length;
    nowMs = minute + MINUTE_MS + RECENT_USAGE_KEPT_MS - 1;
    await store.recordUsage([usageEvent('b', { project: 'globex', timestampMs: nowMs })], 86_400_000);
    expect(await read()).toBe(1);
    nowMs += 1;
    await store.recordUsage([usageEvent('c', { project: 'globex', timestampMs: nowMs })], 86_400_000);
    expect(await read()).toBe(0);
  });
});

describe("the memory store's idempotency table at its bound", () => {
  const ids = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => usageEvent(`${prefix}${i}`));

  it('refuses a batch whose new ids would pass the bound, whole, and says so in ping', async () => {
    let nowMs = 0;
    const store = createMemoryStore({ now: () => nowMs, maxIdempotencyIds: 100 });
    await store.recordUsage(ids('a', 60), 1_000);
    const refused = await store.recordUsage(ids('b', 50), 1_000).then(() => undefined, (error: unknown) => error);
    expect(refused).toBeInstanceOf(StoreFullError);
    expect((refused as StoreFullError).message).toBe(
      'memory store: the idempotency table is full (60 of 100 event ids within the window; this batch needs 50 more): nothing counted',
    );
    expect((refused as StoreFullError).retryAfterMs).toBe(1_000);
    // Nothing of the refused batch was kept: not a total, not a count, not an id.
    expect(await store.usageTotals()).toEqual([{ project: 'acme', region: 'eu-west', type: 'participant_minutes', value: 60 }]);
    expect(await store.usageEventCounts()).toEqual({ accepted: 60, duplicate: 0, rejected: 0 });
    expect(await store.ping()).toBe(true);

    // Exactly at the bound: taken, and the store then says it takes no new ids.
    expect((await store.recordUsage(ids('b', 40), 1_000)).accepted).toHaveLength(40);
    expect(await store.ping()).toBe(false);
    await expect(store.recordUsage(ids('c', 1), 1_000)).rejects.toThrow(StoreFullError);
    // Repeats need no new id: still answered, as duplicates.
    expect(await store.recordUsage([...ids('a', 3), usageEvent('b0')], 1_000)).toEqual({ accepted: [], duplicates: ['a0', 'a1', 'a2', 'b0'] });

    // Once the window has passed, the old ids make room again.
    nowMs += 1_000;
    expect(await store.ping()).toBe(true);
    expect((await store.recordUsage(ids('c', 100), 1_000)).accepted).toHaveLength(100);
  });

  it('counts a repeat inside a refused batch as needing one id, not two', async () => {
    const store = createMemoryStore({ now: () => 0, maxIdempotencyIds: 2 });
    expect(await store.recordUsage([usageEvent('x'), usageEvent('x'), usageEvent('y')], 1_000)).toEqual({ accepted: ['x', 'y'], duplicates: ['x'] });
  });
});
