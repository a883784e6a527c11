import { createSeenIds } from './memory-seen-ids';
import { idDigestHex } from './redis-seen-ids';

const digest = (id: string): string => idDigestHex('acme', id);

describe('the memory store’s seen ids', () => {
  it('answers when a held id’s window ends, and nothing for one never held', () => {
    const seen = createSeenIds();
    seen.set(digest('a'), 1_000);
    expect(seen.endsAtMs(digest('a'))).toBe(1_000);
    expect(seen.endsAtMs(digest('b'))).toBeUndefined();
    expect(idDigestHex('globex', 'a')).not.toBe(digest('a'));
    expect(seen.endsAtMs(idDigestHex('globex', 'a'))).toBeUndefined();
    expect(seen.size).toBe(1);
  });

  it('forgets ids from the front of the expiry order once their window has ended', () => {
    const seen = createSeenIds();
    seen.set(digest('a'), 1_000);
    seen.set(digest('b'), 2_000);
    seen.prune(999);
    expect(seen.size).toBe(2);
    seen.prune(1_000);
    expect(seen.endsAtMs(digest('a'))).toBeUndefined();
    expect(seen.endsAtMs(digest('b'))).toBe(2_000);
    expect(seen.oldestEndsAtMs()).toBe(2_000);
    seen.prune(2_000);
    expect(seen.size).toBe(0);
    expect(seen.oldestEndsAtMs()).toBeUndefined();
  });

  it('moves an id set again to the back, holding it once', () => {
    const seen = createSeenIds();
    seen.set(digest('a'), 1_000);
    seen.set(digest('b'), 1_500);
    seen.set(digest('a'), 3_000);
    expect(seen.size).toBe(2);
    expect(seen.oldestEndsAtMs()).toBe(1_500);
    seen.prune(2_000);
    expect(seen.endsAtMs(digest('a'))).toBe(3_000);
    expect(seen.size).toBe(1);
  });

  it('keeps an expired id behind a longer-lived older one until that one goes', () => {
    const seen = createSeenIds();
    seen.set(digest('long'), 10_000);
    seen.set(digest('short'), 2_000);
    seen.prune(5_000);
    expect(seen.endsAtMs(digest('short'))).toBe(2_000);
    seen.prune(10_000);
    expect(seen.size).toBe(0);
  });

  it('agrees with a Map through growth, compaction, moves and pruning of 100,000 ids', () => {
    const seen = createSeenIds();
    const model = new Map<string, number>();
    let seed = 7;
    const random = (below: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % below;
    };
    for (let nowMs = 0; nowMs < 100_000; nowMs++) {
      // Ids from a range wide enough to make new ones, narrow enough to repeat (and move) old ones.
      const key = digest(`id-${random(40_000)}`);
      seen.set(key, nowMs + 1 + random(5_000));
      model.delete(key);
      model.set(key, seen.endsAtMs(key) as number);
      if (nowMs % 1_000 === 0) {
        seen.prune(nowMs);
        for (const [held, endsAtMs] of model) {
          if (endsAtMs > nowMs) break;
          model.delete(held);
        }
        expect(seen.size).toBe(model.size);
        expect(seen.oldestEndsAtMs()).toBe(model.values().next().value);
      }
    }
    for (let id = 0; id < 40_000; id++) expect(seen.endsAtMs(digest(`id-${id}`))).toBe(model.get(digest(`id-${id}`)));
  });

  it('refuses a digest that is not 32 hex digits, naming it', () => {
    expect(() => createSeenIds().set('abc', 1)).toThrow('seen ids: digest must be 32 hex digits (got "abc")');
  });
});
