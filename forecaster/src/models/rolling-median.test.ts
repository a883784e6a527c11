import { rollingMedians } from './rolling-median';
import { median } from './seasonal-adjustment';

/** The definition: the median of each window, sorted afresh. */
function windowMedians(values: readonly number[], reach: number): number[] {
  return values.map((_, index) => median(values.slice(Math.max(0, index - reach), Math.min(values.length, index + reach + 1))));
}

/** Deterministic values with many ties (rounded to a few levels) and both signs. */
function valuesWithTies(length: number, seed: number): number[] {
  let state = seed;
  return Array.from({ length }, () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return Math.round((state / 2_147_483_648) * 20) / 4 - 2;
  });
}

describe('rollingMedians', () => {
  it.each([
    [1, 1], [2, 3], [10, 0], [10, 3], [50, 7], [60, 24], [5, 24],
  ])('equals the median of every window sorted afresh (%i values, reach %i)', (length, reach) => {
    for (let seed = 1; seed <= 5; seed += 1) {
      const values = valuesWithTies(length, seed);
      expect(Array.from(rollingMedians(values, reach))).toEqual(windowMedians(values, reach));
    }
  });

  it('averages the two middle values of an even window at the ends', () => {
    // Index 0 sees 4, 1 (median 2.5); index 1 sees 4, 1, 9 (4); index 2 sees 1, 9 (5).
    expect(Array.from(rollingMedians([4, 1, 9], 1))).toEqual([2.5, 4, 5]);
  });

  it('sorts NaN after every number, as a typed array sort does', () => {
    const values = [3, Number.NaN, 1, 2, Number.NaN, 5, 4];
    expect(Array.from(rollingMedians(values, 2))).toEqual(windowMedians(values, 2));
  });
});
