/**
 * How hard each step of a forecast is, from how much its members disagree: a combination's
 * members (MSTL-ETS and a seasonal average, say) part ways when the level or the season is in
 * doubt, and that is when a whole week of targets falls outside a band of one fixed width (a
 * daily bucket's misses come from 1–6 of its origins, see backtest/lead-coverage.ts). Normalised
 * conformal prediction (Papadopoulos et al., 2008; Lei et al., 2018) divides each calibration
 * error by such a difficulty and multiplies the band back by the difficulty of the forecast it
 * is drawn around: still a conformal quantile, so coverage holds as before, but the width moves
 * from the easy origins to the hard ones.
 *
 * difficulty = 1 + SPREAD_SENSITIVITY × (largest − smallest member forecast) / scale; a single
 * model has none (1 at every step), so its band is what it was.
 */

/**
 * Weight of the members' spread, in units of the MASE scale. Kept small: at 0.1–0.25 the daily
 * dev buckets in 93–97 % went from 28 to 33–34 of 40; at 0.5 and more the spread dominates the
 * width and bands over-cover where the members disagree on a season (mscloud-api's last weeks).
 */
export const SPREAD_SENSITIVITY = 0.15;

/** Per step: 1 + sensitivity × the members' spread over `scale`. */
export function spreadDifficulty(memberForecasts: readonly (readonly number[])[], scale: number): number[] {
  const steps = memberForecasts[0]?.length ?? 0;
  return Array.from({ length: steps }, (_, step) => {
    let low = Infinity;
    let high = -Infinity;
    for (const forecast of memberForecasts) {
      low = Math.min(low, forecast[step]);
      high = Math.max(high, forecast[step]);
    }
    return 1 + (SPREAD_SENSITIVITY * (high - low)) / scale;
  });
}
