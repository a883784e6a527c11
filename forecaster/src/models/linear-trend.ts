/**
 * The original design: a straight line fitted by least squares to the last 30 days, extended.
 * Kept only as the baseline the other models have to beat (it ignores seasons entirely).
 */
import type { Model } from './types';

const WINDOW_MS = 30 * 86_400_000;

export function fitLine(values: readonly number[]): { intercept: number; slope: number } {
  const n = values.length;
  const meanX = (n - 1) / 2;
  const meanY = values.reduce((sum, value) => sum + value, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let index = 0; index < n; index += 1) {
    sxy += (index - meanX) * (values[index] - meanY);
    sxx += (index - meanX) ** 2;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return { intercept: meanY - slope * meanX, slope };
}

export function createLinearTrendModel(): Model {
  return {
    name: 'linear',
    baselineOnly: true,
    fit(history, context) {
      const window = Math.max(2, Math.round(WINDOW_MS / context.stepMs));
      const recent = history.slice(-window);
      const { intercept, slope } = fitLine(recent);
      const point = Array.from({ length: context.horizon }, (_, step) => intercept + slope * (recent.length + step));
      return { point };
    },
  };
}
