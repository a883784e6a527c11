import { nextLoad } from './load-walk';
import { createSeededRandom } from './seeded-random';

describe('nextLoad', () => {
  it('moves in whole participants and never below zero', () => {
    const random = createSeededRandom(1);
    let current = 10;
    for (let i = 0; i < 1000; i++) {
      current = nextLoad({ current, base: 10, capacity: 10_000, random });
      expect(Number.isInteger(current)).toBe(true);
      expect(current).toBeGreaterThanOrEqual(0);
    }
  });

  it('wanders but stays near its base over many steps', () => {
    const random = createSeededRandom(2);
    let current = 5000;
    const seen: number[] = [];
    for (let i = 0; i < 2000; i++) {
      current = nextLoad({ current, base: 5000, capacity: 10_000, random });
      seen.push(current);
    }
    expect(new Set(seen).size).toBeGreaterThan(100);
    expect(Math.max(...seen.map((load) => Math.abs(load - 5000)))).toBeLessThan(2500);
  });

  it('drifts back towards a new base', () => {
    const random = createSeededRandom(3);
    let current = 1000;
    for (let i = 0; i < 200; i++) current = nextLoad({ current, base: 6000, capacity: 10_000, random });
    expect(Math.abs(current - 6000)).toBeLessThan(1500);
  });
});
