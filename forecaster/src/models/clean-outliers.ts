/**
 * Replaces outliers (holidays, outages, one-off spikes) before a level-following model sees them:
 * a Hampel filter (Hampel, 1974; as in Pearson et al., 2016) on the seasonally adjusted series.
 * A point more than three robust standard deviations (1.4826 × MAD) from the median of its
 * neighbourhood (one short season either side) is replaced by that median. Without this, one
 * Thanksgiving at the end of the history drags every smoothed level, and the whole forecast, down.
 */
import { fitLine } from './linear-trend';
import { rollingMedians } from './rolling-median';
import { median, seasonallyAdjust } from './seasonal-adjustment';

const THRESHOLD = 3;
const MAD_TO_SIGMA = 1.4826;
const ROUNDING = 1e-9;

export function cleanOutliers(history: readonly number[], periods: readonly number[]): number[] {
  const season = seasonallyAdjust(history, periods);
  const adjusted = season.adjusted;
  const reach = Math.max(periods[0] ?? 1, 3);
  // Medians are taken around a straight line, not around zero: near the ends the window is
  // one-sided, and on a trend a one-sided median lags and would make the newest points look odd.
  const { intercept, slope } = fitLine(adjusted);
  const line = (index: number) => intercept + slope * index;
  const detrended = Float64Array.from(adjusted, (value, index) => value - line(index));
  const medians = rollingMedians(detrended, reach);
  const local = adjusted.map((_, index) => line(index) + medians[index]);
  const residuals = adjusted.map((value, index) => value - local[index]);
  const sigma = MAD_TO_SIGMA * median(residuals.map(Math.abs));
  // A noiseless series has σ = 0: then anything off its neighbourhood beyond rounding is an outlier.
  const isOutlier = (index: number) =>
    Math.abs(residuals[index]) > Math.max(THRESHOLD * sigma, ROUNDING * Math.abs(local[index]));
  const cleaned = adjusted.map((value, index) => (isOutlier(index) ? local[index] : value));
  return season.reseasonHistory(cleaned);
}
