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

  it('gives the largest score when the level asks for a rank beyond n', () => {
    expect(adaptedQuantile(scores, 0.99)).toBe(39);
    expect(adaptedQuantile([], 0.95)).toBeUndefined();
  });
});
