/**
 * Scores a candidate over the scored origins: its forecast at each origin, a band calibrated only
 * on errors known before that origin, and the four measures, averaged over origins (coverage over
 * every scored point).
 */
import { calibrateOffsets, type CalibrationOptions } from '../intervals/calibrate';
import { bandAround } from '../intervals/band';
import { candidateForecast, type Candidate } from './candidates';
import type { ErrorBook } from './errors';
import { coverage, intervalScore, meanAbsoluteError, smape, type Band } from './metrics';
import type { OriginTable } from './run-origins';

export interface Scores {
  readonly mase: number;
  readonly smape: number;
  readonly coverage: number;
  readonly msis: number;
}

export interface OriginOutcome {
  readonly mase: number;
  readonly smape: number;
  readonly inside: number;
  readonly points: number;
  readonly msis: number;
}

/** The forecast and band of a candidate at one origin, or undefined when too little is known to calibrate. */
export function forecastWithBand(
  book: ErrorBook,
  candidate: Candidate,
  originIndex: number,
  calibration: CalibrationOptions,
): { point: number[]; band: Band } | undefined {
  const { table } = book;
  const point = candidateForecast(table, candidate, originIndex);
  const cutoff = table.origins[originIndex];
  const errorsSince = (since: number) => book.knownErrors(candidate, cutoff, since);
  const offsets = calibrateOffsets(errorsSince, { ...calibration, horizon: point.length, cutoff });
  if (offsets === undefined) return undefined;
  return { point, band: bandAround(point, offsets, table.scales[originIndex], table.constraints[originIndex]) };
}

export function scoreOrigin(
  table: OriginTable,
  originIndex: number,
  forecast: { point: readonly number[]; band: Band },
  alpha: number,
): OriginOutcome {
  const keep = table.observed[originIndex];
  const pick = <T>(values: readonly T[]): T[] => values.filter((_, step) => keep[step]);
  const actual = pick(table.actuals[originIndex]);
  const point = pick(forecast.point);
  const band = { lower: pick(forecast.band.lower), upper: pick(forecast.band.upper) };
  const scale = table.scales[originIndex];
  const inside = coverage(actual, band) * actual.length;
  return {
    mase: meanAbsoluteError(actual, point) / scale,
    smape: smape(actual, point),
    inside,
    points: actual.length,
    msis: intervalScore(actual, band, alpha) / scale,
  };
}

export function summarise(outcomes: readonly OriginOutcome[]): Scores {
  const average = (pick: (outcome: OriginOutcome) => number): number =>
    outcomes.reduce((sum, outcome) => sum + pick(outcome), 0) / outcomes.length;
  const points = outcomes.reduce((sum, outcome) => sum + outcome.points, 0);
  return {
    mase: average((outcome) => outcome.mase),
    smape: average((outcome) => outcome.smape),
    coverage: outcomes.reduce((sum, outcome) => sum + outcome.inside, 0) / points,
    msis: average((outcome) => outcome.msis),
  };
}
