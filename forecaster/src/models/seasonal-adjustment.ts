/**
 * Classical decomposition (centred moving average, then the mean ratio per phase), used to take
 * the season out before a non-seasonal model (Theta, damped trend) and to put it back after.
 * Multiplicative when every value is positive (usage grows in proportion to its level),
 * additive otherwise. Only the longest usable seasonal period is used: our periods nest (a week
 * holds seven days), so weekly indices carry the daily shape too.
 */
export interface SeasonalAdjustment {
  readonly adjusted: readonly number[];
  /** Puts the season back on forecasts for the points after the history. */
  reseason(forecast: readonly number[]): number[];
  /** Puts the season back on (changed) adjusted values of the history itself. */
  reseasonHistory(adjusted: readonly number[]): number[];
}

/** At least this many cycles, so the indices average over more than one instance of each phase. */
const MIN_CYCLES = 3;
/**
 * Indices come from the most recent cycles only, because usage changes shape (summer weekends
 * are not autumn weekends). Five cycles is the span of X-11's 3×3 seasonal filter.
 */
const RECENT_CYCLES = 5;

export function seasonallyAdjust(history: readonly number[], periods: readonly number[]): SeasonalAdjustment {
  // The longest period with enough cycles that passes the test; a week that does not (a
  // temperature, or a service used alike every day) leaves the day, which would otherwise be lost.
  const period = [...periods].reverse().find((candidate) => history.length >= MIN_CYCLES * candidate && isSeasonal(history, candidate));
  if (period === undefined) {
    return { adjusted: [...history], reseason: (forecast) => [...forecast], reseasonHistory: (values) => [...values] };
  }
  const multiplicative = history.every((value) => value > 0);
  const indices = seasonalIndices(history, period, multiplicative);
  const n = history.length;
  const indexAt = (position: number): number => indices[position % period];
  const adjusted = history.map((value, position) =>
    multiplicative ? value / indexAt(position) : value - indexAt(position),
  );
  const reseasonFrom = (start: number) => (values: readonly number[]): number[] =>
    values.map((value, offset) =>
      multiplicative ? value * indexAt(start + offset) : value + indexAt(start + offset),
    );
  return { adjusted, reseason: reseasonFrom(n), reseasonHistory: reseasonFrom(0) };
}

/**
 * The seasonality test of the M3 Theta method (Assimakopoulos & Nikolopoulos, 2000): the
 * autocorrelation at the seasonal lag must exceed its 90 % limit under the Bartlett formula.
 */
export function isSeasonal(history: readonly number[], period: number): boolean {
  const acf = autocorrelations(history, period);
  const variance = 1 + 2 * acf.slice(1, period).reduce((sum, r) => sum + r * r, 0);
  return Math.abs(acf[period]) > 1.645 * Math.sqrt(variance / history.length);
}

function autocorrelations(values: readonly number[], maxLag: number): number[] {
  const n = values.length;
  const mean = values.reduce((sum, value) => sum + value, 0) / n;
  const denominator = values.reduce((sum, value) => sum + (value - mean) ** 2, 0);
  const result: number[] = [];
  for (let lag = 0; lag <= maxLag; lag += 1) {
    let numerator = 0;
    for (let index = lag; index < n; index += 1) numerator += (values[index] - mean) * (values[index - lag] - mean);
    result.push(denominator === 0 ? 0 : numerator / denominator);
  }
  return result;
}

/**
 * Indices by phase (position modulo period), normalised to mean 1 (or 0 when additive). Each is
 * the median of its recent ratios, not the mean: one holiday among five weeks must not move the
 * index of its weekday (the mean would carry a fifth of the dip into every week).
 */
function seasonalIndices(history: readonly number[], period: number, multiplicative: boolean): number[] {
  const trend = centredMovingAverage(history, period);
  const ratios: number[][] = Array.from({ length: period }, () => []);
  const firstCounted = history.length - Math.floor(period / 2) - RECENT_CYCLES * period;
  trend.forEach((level, position) => {
    if (Number.isNaN(level) || position < firstCounted) return;
    ratios[position % period].push(multiplicative ? history[position] / level : history[position] - level);
  });
  const raw = ratios.map((values) => (values.length === 0 ? (multiplicative ? 1 : 0) : median(values)));
  const mean = raw.reduce((sum, value) => sum + value, 0) / period;
  return raw.map((value) => (multiplicative ? value / mean : value - mean));
}

export function median(values: Float64Array | readonly number[]): number {
  // Typed arrays sort numerically without a comparator, several times faster than arrays.
  const sorted = Float64Array.from(values).sort();
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** A p-point centred average (2×p for even p, so it stays centred); NaN where the window does not fit. */
function centredMovingAverage(values: readonly number[], period: number): number[] {
  const half = Math.floor(period / 2);
  const even = period % 2 === 0;
  // Running sums: prefix[i] is the sum of the first i values.
  const prefix = [0];
  for (const value of values) prefix.push(prefix[prefix.length - 1] + value);
  return values.map((_, position) => {
    if (position < half || position + half >= values.length) return Number.NaN;
    const full = prefix[position + half + 1] - prefix[position - half];
    const sum = even ? full - 0.5 * (values[position - half] + values[position + half]) : full;
    return sum / period;
  });
}
