import { createMemoryStore } from './memory-store';
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
});
