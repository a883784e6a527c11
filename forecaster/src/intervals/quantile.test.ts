import { adaptedQuantile, conformalQuantile } from './quantile';

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

describe('adaptedQuantile', () => {
  const scores = Array.from({ length: 39 }, (_, index) => index + 1);

  it('takes the same rank as the conformal quantile where that exists', () => {
    expect(adaptedQuantile(scores, 0.95)).toBe(38);
    expect(adaptedQuantile(scores, 0.9)).toBe(36);
  });

  it('counts the forecast as `weight` draws: ⌈(n + weight)·level⌉', () => {
    // ⌈(39 + 1) × 0.95⌉ = 38; ⌈(39 + 3) × 0.9⌉ = 38; ⌈(39 + 10) × 0.95⌉ = 47, beyond n: the largest.
    expect(adaptedQuantile(scores, 0.95, 1)).toBe(38);
    expect(adaptedQuantile(scores, 0.9, 3)).toBe(38);
    expect(adaptedQuantile(scores, 0.95, 10)).toBe(39);
  });

  it('gives the largest score when the level asks for a rank beyond n', () => {
    expect(adaptedQuantile(scores, 0.99)).toBe(39);
    expect(adaptedQuantile([], 0.95)).toBeUndefined();
  });
});
