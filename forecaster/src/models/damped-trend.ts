/**
 * Damped-trend exponential smoothing on the seasonally adjusted series: follows a trend but
 * flattens it with the horizon, which is what growth usually does (Gardner & McKenzie, 1985;
 * a consistently strong method in the M competitions).
 */
import { cleanOutliers } from './clean-outliers';
import { seasonallyAdjust } from './seasonal-adjustment';
import { dampedTrendForecast, fitDampedTrend } from './smoothing';
import type { Model } from './types';

export function createDampedTrendModel(): Model {
  return {
    name: 'damped',
    fit(raw, context) {
      const history = cleanOutliers(raw, context.periods);
      if (history.length < 3) throw new Error(`damped trend needs 3 points (got ${history.length})`);
      const season = seasonallyAdjust(history, context.periods);
      return { point: season.reseason(dampedTrendForecast(fitDampedTrend(season.adjusted), context.horizon)) };
    },
  };
}
