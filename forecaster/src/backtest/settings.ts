/**
 * The backtest's knobs, derived from the series' seasons and the horizon so that a caller only
 * chooses what it means (horizon, step, coverage). Each default says why it is what it is.
 */
import type { CalibrationOptions } from '../intervals/calibrate';

export interface BacktestSettings {
  /**
   * Fewest points the first origin fits on: two cycles of the longest season (MSTL's minimum),
   * three of the shortest (so its indices average over more than one instance), one horizon.
   */
  readonly minTrain: number;
  /**
   * Most recent points a model sees: eight cycles of the longest season, and at least 182 (half a
   * year of days). Enough to estimate a trend and a season, short enough to follow a change, and
   * it bounds the cost (MSTL's grows with the length).
   */
  readonly maxWindow: number;
  /** Completed origins needed before selecting or scoring: three, so no choice rests on one or two weeks. */
  readonly minOrigins: number;
  /**
   * Selection looks at the origins whose targets lie in the last `calibration.window` points (and
   * at least `minOrigins` of them): the same recent past the bands learn from.
   */
  readonly selectionWindow: number;
  /** Largest equal-weight combination tried. */
  readonly maxMembers: number;
  readonly calibration: CalibrationOptions;
  /** Points at the end of a window its MASE scale is measured on: the calibration window (see originScale). */
  readonly scaleWindow: number;
}

export function backtestSettings(options: { periods: readonly number[]; horizon: number; level: number }): BacktestSettings {
  const { periods, horizon, level } = options;
  const shortest = periods[0] ?? 1;
  const longest = periods[periods.length - 1] ?? 1;
  // Twelve long seasons (twelve weeks for daily or hourly usage), and three horizons at least.
  const window = Math.max(12 * longest, 3 * horizon);
  return {
    minTrain: Math.max(2 * longest, 3 * shortest, horizon),
    maxWindow: Math.max(8 * longest, 182),
    minOrigins: 3,
    selectionWindow: window,
    maxMembers: 3,
    calibration: {
      level,
      // One short season per block, and never more than four blocks over the horizon.
      block: Math.max(shortest, Math.ceil(horizon / 4)),
      window,
    },
    scaleWindow: window,
  };
}

/** Shortest series that leaves `minOrigins` completed origins before one scored origin. */
export function minimumLength(settings: BacktestSettings, options: { horizon: number; step: number }): number {
  return settings.minTrain + (settings.minOrigins - 1) * options.step + 2 * options.horizon;
}
