import { conformalQuantile } from './quantile';

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
