/**
 * The Theta method (Assimakopoulos & Nikolopoulos, 2000), in the form Hyndman & Billah (2003)
 * showed it to be: simple exponential smoothing plus half the slope of the least-squares line.
 * Seasons are taken out first and put back after. It won the M3 competition on monthly data
 * and stays a strong, cheap benchmark.
 */
import { cleanedHistory } from './cleaned-history';
import { fitLine } from './linear-trend';
import { fitSimpleExponentialSmoothing } from './smoothing';
import type { Model } from './types';

export function thetaForecast(values: readonly number[], horizon: number): number[] {
  const n = values.length;
  const { slope } = fitLine(values);
  const { level, alpha } = fitSimpleExponentialSmoothing(values);
  // The drift term of Hyndman & Billah: b/2 · (h − 1 + (1 − (1 − α)^n) / α).
  const offset = (1 - (1 - alpha) ** n) / alpha;
  return Array.from({ length: horizon }, (_, step) => level + (slope / 2) * (step + offset));
}

export function createThetaModel(): Model {
  return {
    name: 'theta',
    fit(raw, context) {
      const history = cleanedHistory(raw, context.periods);
      if (history.values.length < 3) throw new Error(`theta needs 3 points (got ${history.values.length})`);
      const season = history.season();
      return { point: season.reseason(thetaForecast(season.adjusted, context.horizon)) };
    },
  };
}
