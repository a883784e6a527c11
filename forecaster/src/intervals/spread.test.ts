import { bandAround } from './band';
import { SPREAD_SENSITIVITY, spreadDifficulty } from './spread';

const offsets = { lower: [-2, -2], upper: [2, 2], blocks: [] };
const free = { nonNegative: false };

describe('the difficulty of a forecast from its members’ spread', () => {
  it('is 1 at every step for a single model, so its band is unchanged', () => {
    expect(spreadDifficulty([[5, 6, 7]], 2)).toEqual([1, 1, 1]);
  });

  it('grows with the members’ spread in units of the scale', () => {
    expect(spreadDifficulty([[10, 10], [10, 14], [12, 9]], 2)).toEqual([1 + SPREAD_SENSITIVITY, 1 + (SPREAD_SENSITIVITY * 5) / 2]);
  });

  it('widens a band only at the steps where the members disagree', () => {
    const point = [100, 100];
    const difficulty = spreadDifficulty([[100, 90], [100, 110]], 4);
    const band = bandAround(point, offsets, 4, free, difficulty);
    expect(band.upper[0] - point[0]).toBe(8);
    expect(band.upper[1] - point[1]).toBeCloseTo(8 * (1 + SPREAD_SENSITIVITY * 5), 9);
  });
});
