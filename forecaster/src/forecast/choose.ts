/**
 * What a forecast made now rests on, shared by the one-horizon and the many-horizon paths: the
 * origins it learns from, the candidate chosen from them, and that candidate's band offsets.
 */
import { singleCandidate, type Candidate } from '../backtest/candidates';
import type { ErrorBook } from '../backtest/errors';
import { selectCandidate, type SelectOptions } from '../backtest/select';
import type { BacktestSettings } from '../backtest/settings';
import { calibrateNow, replayProcedure } from '../backtest/replay';
import { calibrateOffsets, type BandOffsets } from '../intervals/calibrate';
import { defaultCombination } from '../models/registry';

/**
 * The origins, oldest first, whose targets lie in what selection and calibration look at (the
 * last calibration or selection window), or the last `minOrigins` when those are too few.
 */
export function recentOrigins(all: readonly number[], options: { length: number; horizon: number; settings: BacktestSettings }): number[] {
  const { settings } = options;
  const lookback = Math.max(settings.calibration.window, settings.selectionWindow) + options.horizon;
  const recent = all.filter((origin) => origin >= options.length - lookback);
  return recent.length >= settings.minOrigins ? recent : all.slice(-settings.minOrigins);
}

/** Too short to select (or beyond every calibrated horizon): the seasonal average at the longest season (the default's simple member), which every series can run. */
export function defaultCandidate(periods: readonly number[]): Candidate {
  return singleCandidate(defaultCombination(periods)[0]);
}

/**
 * The candidate chosen at `cutoff` and its band offsets; no offsets when there was nothing to
 * select from or calibrate on. The band's levels are adapted by the record of the bands the
 * procedure would have published at the book's origins (backtest/replay.ts).
 */
export function chooseAndCalibrate(
  book: ErrorBook,
  options: { cutoff: number; horizon: number; periods: readonly number[]; select: SelectOptions; settings: BacktestSettings },
): { candidate: Candidate; offsets?: BandOffsets } {
  const { cutoff, horizon } = options;
  const selection = selectCandidate(book, cutoff, options.select);
  if (!selection) return { candidate: defaultCandidate(options.periods) };
  const { candidate } = selection;
  const { calibration } = options.settings;
  // At a fixed level there is no record to replay (the anomaly flag's bands, every hour).
  const offsets =
    calibration.adaptationRate === 0
      ? calibrateOffsets((since) => book.knownErrors(candidate, cutoff, since), { ...calibration, horizon, cutoff })
      : calibrateNow(book, replayProcedure(book, { select: options.select, calibration }), { candidate, calibration, horizon, cutoff });
  return offsets ? { candidate, offsets } : { candidate };
}
