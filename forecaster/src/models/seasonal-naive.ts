/**
 * Seasonal naive: each future point repeats the point one season earlier ("same hour yesterday",
 * "same day last week"). Period 1 is the plain naive forecast. The baseline every model must beat,
 * and the scale of MASE.
 */
import type { Model } from './types';

export function seasonalNaiveForecast(history: readonly number[], period: number, horizon: number): number[] {
  if (history.length < period) throw new Error(`seasonal naive needs ${period} points (got ${history.length})`);
  const start = history.length - period;
  return Array.from({ length: horizon }, (_, step) => history[start + (step % period)]);
}

export function createSeasonalNaiveModel(options: { period: number }): Model {
  const { period } = options;
  return {
    name: period === 1 ? 'naive' : `snaive-${period}`,
    fit: (history, context) => ({ point: seasonalNaiveForecast(history, period, context.horizon) }),
  };
}
