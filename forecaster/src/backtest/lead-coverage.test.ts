import { chanceInRange, coverageByLead, normalCdf } from './lead-coverage';

describe('coverage by lead-time bucket', () => {
  it('counts only observed targets, bucket by bucket', () => {
    const result = coverageByLead([{ hits: [1, 0, 1, undefined] }, { hits: [1, 1, 0, 1] }], 2);
    expect(result.coverage).toEqual([0.75, 2 / 3]);
    expect(result.targets).toEqual([4, 3]);
  });

  it('gives misses that come in runs from one origin a larger standard error than misses spread over origins', () => {
    // Twenty origins of ten targets, ten misses either way: all from one origin, or one from each of ten.
    const clustered = Array.from({ length: 20 }, (_, origin) => ({ hits: new Array<0 | 1>(10).fill(origin === 0 ? 0 : 1) }));
    const spread = Array.from({ length: 20 }, (_, origin) => ({ hits: Array.from({ length: 10 }, (_, step): 0 | 1 => (origin < 10 && step === 0 ? 0 : 1)) }));
    const [runs] = coverageByLead(clustered, 10).standardError;
    const [scattered] = coverageByLead(spread, 10).standardError;
    expect(coverageByLead(clustered, 10).coverage).toEqual(coverageByLead(spread, 10).coverage);
    // One origin holds all the misses: sqrt(20/19 · (10 − 0.5)² + 19 · 0.5²)) / 200.
    expect(runs).toBeCloseTo(Math.sqrt((20 / 19) * (9.5 ** 2 + 19 * 0.25)) / 200, 12);
    expect(runs).toBeGreaterThan(3 * scattered);
  });

  it('has no standard error with a single origin', () => {
    expect(coverageByLead([{ hits: [1, 0] }], 2).standardError).toEqual([Number.NaN]);
  });
});

describe('the chance that a calibrated band lands in range', () => {
  it('is Φ(1) − Φ(−1) when the range is one standard error either side', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(chanceInRange({ standardError: 0.02, targets: 1000, level: 0.95, low: 0.93, high: 0.97 })).toBeCloseTo(0.6827, 4);
  });

  it('never reads a clustered error below the binomial one of its targets at the nominal rate', () => {
    // 100 targets: binomial error sqrt(0.95 · 0.05 / 100) ≈ 0.0218, whatever a bucket without misses says.
    const binomial = chanceInRange({ standardError: Number.NaN, targets: 100, level: 0.95, low: 0.93, high: 0.97 });
    expect(chanceInRange({ standardError: 0, targets: 100, level: 0.95, low: 0.93, high: 0.97 })).toBe(binomial);
    expect(binomial).toBeCloseTo(2 * normalCdf(0.02 / Math.sqrt(0.0475 / 100)) - 1, 12);
  });
});
