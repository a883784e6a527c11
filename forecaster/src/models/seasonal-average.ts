/**
 * Seasonal average: each future point is the mean of the same phase over the last three seasons
 * ("the mean of the last three Mondays"). The seasonal naive repeats one week, noise and all; the
 * mean of three keeps the shape with a third of the noise's variance and still follows a change
 * of level within three weeks. Beside MSTL-ETS (smooth, trended) it makes the default
 * combination: on the daily dev series mean(mstl-ets, savg-7) scored 0.85 of the seasonal naive's
 * MASE where mean(mstl-ets, snaive-7) scored 0.91 (see ../README.md).
 */
import type { Model } from './types';

/** Seasons averaged; fewer when the history holds fewer. */
export const SEASONS_AVERAGED = 3;

export function seasonalAverageForecast(history: readonly number[], period: number, horizon: number): number[] {
  if (history.length < period) throw new Error(`seasonal average needs ${period} points (got ${history.length})`);
  const cycles = Math.min(SEASONS_AVERAGED, Math.floor(history.length / period));
  return Array.from({ length: horizon }, (_, step) => {
    let sum = 0;
    for (let cycle = 1; cycle <= cycles; cycle += 1) sum += history[history.length - cycle * period + (step % period)];
    return sum / cycles;
  });
}

export function createSeasonalAverageModel(options: { period: number }): Model {
  const { period } = options;
  return {
    name: `savg-${period}`,
    fit: (history, context) => ({ point: seasonalAverageForecast(history, period, context.horizon) }),
  };
}
