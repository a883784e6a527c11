/**
 * Damped-trend exponential smoothing on the seasonally adjusted series: follows a trend but
 * flattens it with the horizon, which is what growth usually does (Gardner & McKenzie, 1985;
 * a consistently strong method in the M competitions).
 */
import { cleanedHistory } from './cleaned-history';
import { dampedTrendForecast, fitDampedTrend } from './smoothing';
import type { Model } from './types';

export function createDampedTrendModel(): Model {
  return {
    name: 'damped',
    fit(raw, context) {
      const history = cleanedHistory(raw, context.periods);
      if (history.values.length < 3) throw new Error(`damped trend needs 3 points (got ${history.values.length})`);
      const season = history.season();
      return { point: season.reseason(dampedTrendForecast(fitDampedTrend(season.adjusted), context.horizon)) };
    },
  };
}
