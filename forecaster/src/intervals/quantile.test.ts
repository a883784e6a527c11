import { conformalQuantile, weightedQuantile } from './quantile';

const equal = (scores: readonly number[]) => scores.map((score) => ({ score, weight: 1 }));

describe('conformalQuantile', () => {
  const scores = Array.from({ length: 39 }, (_, index) => index + 1);

  it('takes the ⌈(n+1)(1−α)⌉-th smallest score', () => {
    expect(conformalQuantile(scores, 0.95)).toBe(38);
    expect(conformalQuantile(scores, 0.5)).toBe(20);
  });

  it('has no answer when n is too small for the level (fewer than 19 scores at 95 %)', () => {
    expect(conformalQuantile(scores.slice(0, 18), 0.95)).toBeUndefined();
    expect(conformalQuantile(scores.slice(0, 19), 0.95)).toBe(19);
  });
});

describe('weightedQuantile', () => {
  const scores = equal(Array.from({ length: 39 }, (_, index) => index + 1));

  it('takes the same rank as the conformal quantile where that exists', () => {
    expect(weightedQuantile(scores, 0.95)).toBe(38);
    expect(weightedQuantile(scores, 0.9)).toBe(36);
  });

  it('counts the forecast as `weight` draws: ⌈(n + weight)·level⌉', () => {
    // ⌈(39 + 1) × 0.95⌉ = 38; ⌈(39 + 3) × 0.9⌉ = 38; ⌈(39 + 10) × 0.95⌉ = 47, beyond n: the largest.
    expect(weightedQuantile(scores, 0.95, 1)).toBe(38);
    expect(weightedQuantile(scores, 0.9, 3)).toBe(38);
    expect(weightedQuantile(scores, 0.95, 10)).toBe(39);
  });

  it('gives the largest score when the level asks for a rank beyond n', () => {
    expect(weightedQuantile(scores, 0.99)).toBe(39);
    expect(weightedQuantile([], 0.95)).toBeUndefined();
  });

  it('lets heavier scores count more: recent large errors widen the band', () => {
    // 20 small scores of weight 1 and 20 large ones of weight 3: the large ones hold 3/4 of the weight.
    const mixed = [...Array.from({ length: 20 }, (_, index) => ({ score: index + 1, weight: 1 })), ...Array.from({ length: 20 }, (_, index) => ({ score: 101 + index, weight: 3 }))];
    // Needed: 0.5 × (80 + 2) = 41 of the cumulative weight: 20 from the small ones, then 7 large ones (21).
    expect(weightedQuantile(mixed, 0.5)).toBe(107);
    expect(weightedQuantile(equal(mixed.map((entry) => entry.score)), 0.5)).toBe(101);
  });
});
