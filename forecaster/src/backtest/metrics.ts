/**
 * Accuracy measures of the M4 competition (Makridakis et al., 2020), for one forecast of h points:
 * MASE (mean absolute error over a scale, here the in-sample seasonal-naive MAE of the training
 * window), sMAPE (in percent), coverage of a band, and MSIS, the scaled interval score at α
 * (Gneiting & Raftery, 2007): band width plus 2/α times every miss, over the same scale.
 */
export interface Band {
  readonly lower: readonly number[];
  readonly upper: readonly number[];
}

export function meanAbsoluteError(actual: readonly number[], forecast: readonly number[]): number {
  return mean(actual.map((value, index) => Math.abs(value - forecast[index])));
}

export function smape(actual: readonly number[], forecast: readonly number[]): number {
  return mean(
    actual.map((value, index) => {
      const denominator = Math.abs(value) + Math.abs(forecast[index]);
      // Both zero: a perfect forecast of nothing, not an undefined one.
      return denominator === 0 ? 0 : (200 * Math.abs(value - forecast[index])) / denominator;
    }),
  );
}

export function coverage(actual: readonly number[], band: Band): number {
  return mean(actual.map((value, index) => (value >= band.lower[index] && value <= band.upper[index] ? 1 : 0)));
}

export function intervalScore(actual: readonly number[], band: Band, alpha: number): number {
  return mean(
    actual.map((value, index) => {
      const lower = band.lower[index];
      const upper = band.upper[index];
      const below = value < lower ? (2 / alpha) * (lower - value) : 0;
      const above = value > upper ? (2 / alpha) * (value - upper) : 0;
      return upper - lower + below + above;
    }),
  );
}

/**
 * The MASE scale: mean absolute change over one season inside the training window. A flat window
 * has none, so it falls back to the mean absolute level, then to 1, rather than dividing by zero.
 */
export function seasonalNaiveScale(history: readonly number[], period: number): number {
  const lag = history.length > period ? period : 1;
  let sum = 0;
  for (let index = lag; index < history.length; index += 1) sum += Math.abs(history[index] - history[index - lag]);
  const scale = history.length > lag ? sum / (history.length - lag) : 0;
  if (scale > 0) return scale;
  const level = mean(history.map(Math.abs));
  return level > 0 ? level : 1;
}

/**
 * The scale of a forecast made at the end of `history`: the seasonal-naive MAE over its last
 * `window` points only (the calibration window, see settings.ts). Band offsets are learnt in units
 * of each origin's scale and applied in units of today's, so the scale must follow the noise of
 * the stretch whose errors the band rests on: over a whole half-year window, a noisy spell that
 * has left the calibration window still widened today's band (98 % held on mscloud-api's later
 * weeks) or a calm one narrowed it.
 */
export function originScale(history: readonly number[], period: number, window: number): number {
  return seasonalNaiveScale(history.slice(Math.max(0, history.length - window)), period);
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

export function geometricMean(values: readonly number[]): number {
  return Math.exp(mean(values.map(Math.log)));
}
