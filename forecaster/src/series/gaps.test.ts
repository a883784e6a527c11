import { fillGaps, measureGaps } from './gaps';

describe('measureGaps', () => {
  it('counts missing points and the longest run', () => {
    expect(measureGaps([1, NaN, NaN, 4, NaN, 6])).toEqual({ missing: 3, missingFraction: 0.5, longestGap: 2 });
  });
});

describe('fillGaps', () => {
  it('fills from one season earlier, keeping the shape of the week', () => {
    const week = [1, 2, 3, 4, 5, 6, 7];
    expect(fillGaps([...week, 1, 2, NaN, 4, 5, 6, 7], 7)).toEqual([...week, ...week]);
  });

  it('interpolates when there is no season to copy from', () => {
    expect(fillGaps([1, NaN, NaN, 4], 1)).toEqual([1, 2, 3, 4]);
    expect(fillGaps([NaN, 2, 3, NaN], 7)).toEqual([2, 2, 3, 3]);
  });
});
