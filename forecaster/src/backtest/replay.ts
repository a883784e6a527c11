/**
 * The forecaster's procedure replayed over a table's origins as it would have run at each: the
 * candidate selected from the origins completed before it, and the band it would have published,
 * calibrated on the errors known then at the levels that the earlier bands' record adapted
 * (intervals/adaptive-level.ts). The backtest scores these bands (the "auto" row); the service
 * replays them for their record and calibrates the band it publishes now the same way, so what
 * the backtest measures is what the service does.
 */
import { ADAPTATION_RATE, adaptedLevels, type IssuedBand } from '../intervals/adaptive-level';
import { calibrateOffsets, type BandOffsets, type CalibrationOptions } from '../intervals/calibrate';
import type { Candidate } from './candidates';
import type { ErrorBook } from './errors';
import { forecastWithBand, scoreOrigin, type OriginOutcome } from './score';
import { selectCandidate, type SelectOptions } from './select';

export interface ReplayedOrigin extends IssuedBand {
  readonly candidate: Candidate;
  /** The level each lead-time block's band was calibrated at. */
  readonly levels: readonly number[];
  readonly outcome: OriginOutcome;
}

export interface Replay {
  /** Per origin: the candidate selected there, or undefined when too few origins had completed. */
  readonly choices: readonly (Candidate | undefined)[];
  /** Per origin, oldest first: the band issued and how it fared, or undefined when none could be calibrated. */
  readonly issued: readonly (ReplayedOrigin | undefined)[];
  /** The adaptation rate the levels moved by (0: plain split conformal at the nominal level). */
  readonly rate: number;
}

export function replayProcedure(book: ErrorBook, options: { select: SelectOptions; calibration: CalibrationOptions }): Replay {
  const { table } = book;
  const { calibration } = options;
  const rate = calibration.adaptationRate ?? ADAPTATION_RATE;
  const horizon = table.actuals[0]?.length ?? 0;
  const choices = table.origins.map((origin) => selectCandidate(book, origin, options.select)?.candidate);
  const issued: (ReplayedOrigin | undefined)[] = [];
  const record: ReplayedOrigin[] = [];
  table.origins.forEach((origin, index) => {
    const candidate = choices[index];
    const levels = adaptedLevels(record, { ...calibration, horizon, cutoff: origin, rate });
    const forecast = candidate && forecastWithBand(book, candidate, index, calibration, levels);
    if (!candidate || !forecast) return void issued.push(undefined);
    const outcome = scoreOrigin(table, index, forecast, 1 - calibration.level);
    const replayed = { origin, hits: outcome.hits, candidate, levels, outcome };
    issued.push(replayed);
    record.push(replayed);
  });
  return { choices, issued, rate };
}

/** The band offsets of a forecast made at `cutoff` with `candidate`, at the levels the replayed record adapted. */
export function calibrateNow(
  book: ErrorBook,
  replay: Replay,
  options: { candidate: Candidate; calibration: CalibrationOptions; horizon: number; cutoff: number },
): BandOffsets | undefined {
  const { candidate, calibration, horizon, cutoff } = options;
  const record = replay.issued.filter((band): band is ReplayedOrigin => band !== undefined);
  const levels = adaptedLevels(record, { ...calibration, horizon, cutoff, rate: replay.rate });
  return calibrateOffsets((since) => book.knownErrors(candidate, cutoff, since), { ...calibration, horizon, cutoff, levels });
}
