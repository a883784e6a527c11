import { designEffect } from './design-effect';

/** `origins` origins of `perOrigin` scores each; `beyond(origin, index)` says which lie beyond the threshold 1. */
function clustered(origins: number, perOrigin: number, beyond: (origin: number, index: number) => boolean) {
  const scores: number[] = [];
  const clusterOf: number[] = [];
  for (let origin = 0; origin < origins; origin += 1) {
    for (let index = 0; index < perOrigin; index += 1) {
      scores.push(beyond(origin, index) ? 2 : 0.5);
      clusterOf.push(origin * 7);
    }
  }
  return { scores, clusterOf };
}

describe('designEffect', () => {
  it('is 1 when the scores beyond the threshold are spread evenly over the origins', () => {
    const { scores, clusterOf } = clustered(20, 10, (_, index) => index === 0);
    expect(designEffect(scores, clusterOf, 1)).toBe(1);
  });

  it('is the scores per origin when each origin lies wholly on one side', () => {
    const { scores, clusterOf } = clustered(20, 10, (origin) => origin === 3);
    expect(designEffect(scores, clusterOf, 1)).toBeCloseTo((20 / 19) * 10, 6);
  });

  it('is the number of scores when they all come from one origin', () => {
    const { scores, clusterOf } = clustered(1, 24, (_, index) => index === 0);
    expect(designEffect(scores, clusterOf, 1)).toBe(24);
  });

  it('is 1 when no score lies beyond the threshold', () => {
    const { scores, clusterOf } = clustered(5, 10, () => false);
    expect(designEffect(scores, clusterOf, 1)).toBe(1);
  });
});
