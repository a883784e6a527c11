import { setTimeout as sleep } from 'node:timers/promises';
import { prefetchInOrder } from './ordered-prefetch';

describe('prefetchInOrder', () => {
  it('yields in the order of the items however the work completes, with at most `depth` in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const delays = [40, 5, 25, 1, 30, 2, 10];
    const work = async (i: number) => {
      most = Math.max(most, ++inFlight);
      await sleep(delays[i]);
      inFlight--;
      return i * 10;
    };
    const seen: Array<[number, number]> = [];
    for await (const { item, result } of prefetchInOrder(delays.keys(), 3, work)) seen.push([item, result]);
    expect(seen).toEqual(delays.map((_, i) => [i, i * 10]));
    expect(most).toBe(3);
  });

  it('starts nothing past the window until the consumer takes the head', async () => {
    const started: number[] = [];
    const answers = prefetchInOrder([0, 1, 2, 3, 4], 2, async (i) => {
      started.push(i);
      return i;
    });
    await answers.next();
    expect(started).toEqual([0, 1, 2]);
  });

  it("throws the first item's failure in order, with no unhandled rejection from a later one", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const work = async (i: number) => {
        await sleep(i === 0 ? 30 : 1);
        if (i >= 1) throw new Error(`failed ${i}`);
        return i;
      };
      const results: number[] = [];
      await expect(
        (async () => {
          for await (const { result } of prefetchInOrder([0, 1, 2], 3, work)) results.push(result);
        })(),
      ).rejects.toThrow('failed 1');
      expect(results).toEqual([0]);
      await sleep(50);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('refuses a depth below one', async () => {
    await expect(prefetchInOrder([1], 0, async (i) => i).next()).rejects.toThrow('prefetch depth must be at least 1 (got 0)');
  });
});
