import { ADAPTATION_RATE, adaptedLevels, type IssuedBand } from './adaptive-level';

/** A band issued at `origin` over `horizon` steps, missing at the steps listed. */
function band(origin: number, horizon: number, missed: readonly number[] = []): IssuedBand {
  return { origin, hits: Array.from({ length: horizon }, (_, index) => (missed.includes(index + 1) ? 0 : 1)) };
}

const options = { level: 0.95, block: 7, horizon: 14, cutoff: 1000 };

describe('adaptedLevels', () => {
  it('keeps the nominal level while no band has been issued', () => {
    expect(adaptedLevels([], options)).toEqual([0.95, 0.95]);
  });

  it('raises a block after misses beyond the nominal rate, by the rate per excess miss, and leaves the other block alone', () => {
    // 14 targets of the first block, 3 missed: 3 − 14 × 0.05 = 2.3 misses too many.
    const levels = adaptedLevels([band(0, 14, [1, 2, 8]), band(20, 14, [3])], options);
    expect(levels[0]).toBeCloseTo(0.95 + ADAPTATION_RATE * (3 - 14 * 0.05), 10);
    // The second block: 1 miss of 14, 0.3 too many.
    expect(levels[1]).toBeCloseTo(0.95 + ADAPTATION_RATE * (1 - 14 * 0.05), 10);
  });

  it('lowers a block a little for every hit', () => {
    const levels = adaptedLevels([band(0, 14), band(20, 14)], options);
    expect(levels[0]).toBeCloseTo(0.95 - ADAPTATION_RATE * 14 * 0.05, 10);
  });

  it('counts only targets known before the cutoff, and no unobserved one', () => {
    const late = band(995, 14, [1, 2, 3, 4, 5, 6, 7]);
    // Targets 995…999 (steps 1–5) are known; 1000 on are not.
    expect(adaptedLevels([late], options)[0]).toBeCloseTo(0.95 + ADAPTATION_RATE * 5 * 0.95, 10);
    const unobserved: IssuedBand = { origin: 0, hits: new Array(14).fill(undefined) };
    expect(adaptedLevels([unobserved], options)).toEqual([0.95, 0.95]);
  });

  it('keeps the miss rate aimed at within a fifth and twice the nominal one (0.90–0.99 for a 95 % band)', () => {
    const missing = Array.from({ length: 40 }, (_, index) => band(index * 14, 14, [1, 2, 3, 4, 5, 6, 7, 8]));
    expect(adaptedLevels(missing, { ...options, cutoff: 10_000 })).toEqual([0.99, 0.99]);
    const hitting = Array.from({ length: 200 }, (_, index) => band(index * 14, 14));
    const low = adaptedLevels(hitting, { ...options, cutoff: 10_000 });
    expect(low[0]).toBeCloseTo(0.9, 10);
    expect(adaptedLevels(hitting, { ...options, level: 0.8, cutoff: 10_000 })[0]).toBeCloseTo(0.6, 10);
  });
});
