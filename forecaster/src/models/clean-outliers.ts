/**
 * Replaces outliers (holidays, outages, one-off spikes) before a level-following model sees them:
 * a Hampel filter (Hampel, 1974; as in Pearson et al., 2016) on the seasonally adjusted series.
 * A point more than three robust standard deviations (1.4826 × MAD) from the median of its
 * neighbourhood (one short season either side) is replaced by that median. Without this, one
 * Thanksgiving at the end of the history drags every smoothed level, and the whole forecast, down.
 */
import { seasonallyAdjust } from './seasonal-adjustment';

const THRESHOLD = 3;
const MAD_TO_SIGMA = 1.4826;

export function cleanOutliers(history: readonly number[], periods: readonly number[]): number[] {
  const season = seasonallyAdjust(history, periods);
  const adjusted = season.adjusted;
  const reach = Math.max(periods[0] ?? 1, 3);
  const local = adjusted.map((_, index) =>
    median(adjusted.slice(Math.max(0, index - reach), Math.min(adjusted.length, index + reach + 1))),
  );
  const residuals = adjusted.map((value, index) => value - local[index]);
  const sigma = MAD_TO_SIGMA * median(residuals.map(Math.abs));
  if (sigma === 0) return [...history];
  const cleaned = adjusted.map((value, index) => (Math.abs(residuals[index]) > THRESHOLD * sigma ? local[index] : value));
  return season.reseasonHistory(cleaned);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
