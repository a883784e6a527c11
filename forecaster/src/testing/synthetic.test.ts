import { seededRandom, usageSeries, weekdayProfile } from './synthetic';

describe('synthetic series', () => {
  it('are the same for the same seed', () => {
    const shape = { points: 50, level: 100, growth: 0.01, seasons: [weekdayProfile(0.5)], noise: 0.1, anomalies: 2, shifts: 1, seed: 7 };
    expect(usageSeries(shape)).toEqual(usageSeries(shape));
    expect(usageSeries({ ...shape, seed: 8 })).not.toEqual(usageSeries(shape));
  });

  it('draw uniformly from [0, 1)', () => {
    const random = seededRandom(1);
    const draws = Array.from({ length: 10_000 }, random);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    expect(draws.reduce((sum, value) => sum + value, 0) / draws.length).toBeCloseTo(0.5, 1);
  });
});
