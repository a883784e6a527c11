/**
 * Seasonal naive plus the part of today's deviation that lingers: the seasonal difference
 * d(t) = y(t) − y(t − P), how this hour differs from the same hour a season earlier, is carried
 * forward as β(h)·d(t) to the point h steps ahead, on top of the season before (for h beyond one
 * season, on top of the forecast a season before). A warm afternoon stays warm into the evening
 * and, less so, into tomorrow, where the seasonal naive forgets it and the seasonal average
 * dilutes it. β(h) is the least-squares coefficient of d(t + h) on d(t) over the history, one per
 * lead time (direct rather than iterated multi-step estimation: an AR(1) fitted on the next hour,
 * raised to the power h, misjudged a day ahead on the dev temperatures, 1.03 against 0.93 × the
 * seasonal naive's MASE on prophet-yosemite). It is kept in [0, MAX_PERSISTENCE]: with β = 0 the
 * model is the seasonal naive, and β under 1 keeps a deviation from compounding across seasons.
 * This is the seasonal ARIMA (1,0,0)(0,1,0) idea (Box & Jenkins) without its iteration.
 */
import type { Model } from './types';

/** Largest β: a deviation never persists undecayed (β = 1 would add it again in full every season). */
export const MAX_PERSISTENCE = 0.99;

export function seasonalArForecast(history: readonly number[], period: number, horizon: number): number[] {
  const n = history.length;
  if (n < period + 2) throw new Error(`seasonal AR needs ${period + 2} points (got ${n})`);
  const difference = (index: number) => history[index] - history[index - period];
  const latest = difference(n - 1);
  const extended = [...history];
  for (let step = 1; step <= horizon; step += 1) extended.push(extended[n + step - 1 - period] + persistence(difference, period, n, step) * latest);
  return extended.slice(n);
}

/** Least-squares coefficient of d(t + lag) on d(t) over the history, in [0, MAX_PERSISTENCE]. */
function persistence(difference: (index: number) => number, period: number, n: number, lag: number): number {
  let products = 0;
  let squares = 0;
  for (let index = period; index + lag < n; index += 1) {
    products += difference(index + lag) * difference(index);
    squares += difference(index) ** 2;
  }
  return squares > 0 ? Math.min(MAX_PERSISTENCE, Math.max(0, products / squares)) : 0;
}

export function createSeasonalArModel(options: { period: number }): Model {
  const { period } = options;
  return {
    name: `sar-${period}`,
    fit: (history, context) => ({ point: seasonalArForecast(history, period, context.horizon) }),
  };
}
