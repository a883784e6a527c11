/**
 * A history cleaned of outliers (./clean-outliers.ts) and the seasonal adjustment of the cleaned
 * values, each worked out once per history. Theta, the damped trend and MSTL-ETS all clean the
 * window they are given, and the first two then adjust the cleaned values alike; the backtest hands
 * every model the same window array at an origin (and the final fit the same history), so keeping
 * the work per array saves two cleanings and an adjustment of three. Kept weakly: it goes when the
 * window does. Windows are sliced afresh and never changed after, which is what makes the array a
 * key; the results are read-only for the same reason.
 */
import { cleanOutliers } from './clean-outliers';
import { seasonallyAdjust, type SeasonalAdjustment } from './seasonal-adjustment';

export interface CleanedHistory {
  readonly values: readonly number[];
  /** The seasonal adjustment of `values`, made on first use. */
  season(): SeasonalAdjustment;
}

const byHistory = new WeakMap<readonly number[], Map<string, CleanedHistory>>();

export function cleanedHistory(raw: readonly number[], periods: readonly number[]): CleanedHistory {
  let byPeriods = byHistory.get(raw);
  if (!byPeriods) byHistory.set(raw, (byPeriods = new Map()));
  const key = periods.join(',');
  let cleaned = byPeriods.get(key);
  if (!cleaned) byPeriods.set(key, (cleaned = clean(raw, periods)));
  return cleaned;
}

function clean(raw: readonly number[], periods: readonly number[]): CleanedHistory {
  const values = cleanOutliers(raw, periods);
  let season: SeasonalAdjustment | undefined;
  return { values, season: () => (season ??= seasonallyAdjust(values, periods)) };
}
