import { coverage, geometricMean, intervalScore, meanAbsoluteError, originScale, seasonalNaiveScale, smape } from './metrics';

describe('accuracy measures', () => {
  it('MAE is the mean absolute difference', () => {
    expect(meanAbsoluteError([1, 2, 3], [2, 2, 1])).toBe(1);
  });

  it('sMAPE is 200 |y − f| / (|y| + |f|) averaged, with 0/0 counted as perfect', () => {
    expect(smape([100, 0], [50, 0])).toBeCloseTo((200 * 50) / 150 / 2, 9);
  });

  it('coverage counts the actuals inside the band, bounds included', () => {
    expect(coverage([1, 2, 3, 4], { lower: [1, 0, 4, 0], upper: [2, 1, 5, 4] })).toBe(0.5);
  });

  it('the interval score adds 2/α for every unit outside the band to its width', () => {
    // Width 2 each; the second actual is 1 above, the third 2 below: (2 + (2 + 40) + (2 + 80)) / 3.
    expect(intervalScore([1, 4, 0], { lower: [0, 1, 2], upper: [2, 3, 4] }, 0.05)).toBeCloseTo(126 / 3, 9);
  });

  it('the MASE scale is the in-sample seasonal-naive MAE', () => {
    expect(seasonalNaiveScale([1, 2, 3, 2, 3, 5], 3)).toBeCloseTo((1 + 1 + 2) / 3, 9);
  });

  it("an origin's scale follows the recent noise: a noisy stretch older than the window no longer counts", () => {
    // Swings of ±10 for 20 points, then of ±1 for the last 8.
    const history = [...Array.from({ length: 20 }, (_, index) => (index % 2) * 10), ...Array.from({ length: 8 }, (_, index) => index % 2)];
    expect(originScale(history, 1, 8)).toBe(1);
    expect(originScale(history, 1, 100)).toBeCloseTo(seasonalNaiveScale(history, 1), 12);
    expect(seasonalNaiveScale(history, 1)).toBeGreaterThan(5);
  });

  it('a flat history falls back to its level, then to 1, rather than dividing by zero', () => {
    expect(seasonalNaiveScale([5, 5, 5, 5], 2)).toBe(5);
    expect(seasonalNaiveScale([0, 0, 0], 1)).toBe(1);
  });

  it('the geometric mean of 1 and 4 is 2', () => {
    expect(geometricMean([1, 4])).toBeCloseTo(2, 12);
  });
});
