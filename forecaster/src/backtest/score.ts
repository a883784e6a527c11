/**
 * Scores a candidate over the scored origins: its forecast at each origin, a band calibrated only
 * on errors known before that origin, and the four measures, averaged over origins (coverage over
 * every scored point).
 */
import { calibrateOffsets, type CalibrationOptions } from '../intervals/calibrate';
import { bandAround } from '../intervals/band';
import { candidateDifficulty, candidateForecast, type Candidate } from './candidates';
import type { ErrorBook } from './errors';
import { coverageByLead } from './lead-coverage';
import { coverage, intervalScore, meanAbsoluteError, smape, type Band } from './metrics';
import type { OriginTable } from './run-origins';

export interface Scores {
  readonly mase: number;
  readonly smape: number;
  readonly coverage: number;
  /** Coverage per lead-time bucket (steps 1…block, block+1…2·block, …): a band must hold at every lead time. */
  readonly coverageByLead: readonly number[];
  /** Each lead-time bucket's standard error, clustered by origin, and its observed targets (lead-coverage.ts). */
  readonly coverageByLeadError: readonly number[];
  readonly targetsByLead: readonly number[];
  readonly msis: number;
}

export interface OriginOutcome {
  readonly mase: number;
  readonly smape: number;
  readonly inside: number;
  readonly points: number;
  /** Per step ahead: 1 inside the band, 0 outside, undefined where the actual was not observed. */
  readonly hits: readonly (0 | 1 | undefined)[];
  readonly msis: number;
}

/** The forecast and band of a candidate at one origin (at adapted `levels` per block, if given), or undefined when too little is known to calibrate. */
export function forecastWithBand(
  book: ErrorBook,
  candidate: Candidate,
  originIndex: number,
  calibration: CalibrationOptions,
  levels?: readonly number[],
): { point: number[]; band: Band } | undefined {
  const { table } = book;
  const point = candidateForecast(table, candidate, originIndex);
  const cutoff = table.origins[originIndex];
  const errorsSince = (since: number) => book.knownErrors(candidate, cutoff, since);
  const offsets = calibrateOffsets(errorsSince, { ...calibration, horizon: point.length, cutoff, levels });
  if (offsets === undefined) return undefined;
  const difficulty = candidateDifficulty(table, candidate, originIndex);
  return { point, band: bandAround(point, offsets, table.scales[originIndex], table.constraints[originIndex], difficulty) };
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
  const full = forecast.band;
  const hits = table.actuals[originIndex].map((value, step) =>
    keep[step] ? (value >= full.lower[step] && value <= full.upper[step] ? 1 : 0) : undefined,
  );
  return {
    mase: meanAbsoluteError(actual, point) / scale,
    smape: smape(actual, point),
    inside,
    points: actual.length,
    hits,
    msis: intervalScore(actual, band, alpha) / scale,
  };
}

export function summarise(outcomes: readonly OriginOutcome[], leadBucket: number): Scores {
  const average = (pick: (outcome: OriginOutcome) => number): number =>
    outcomes.reduce((sum, outcome) => sum + pick(outcome), 0) / outcomes.length;
  const points = outcomes.reduce((sum, outcome) => sum + outcome.points, 0);
  const byLead = coverageByLead(outcomes, leadBucket);
  return {
    mase: average((outcome) => outcome.mase),
    smape: average((outcome) => outcome.smape),
    coverage: outcomes.reduce((sum, outcome) => sum + outcome.inside, 0) / points,
    coverageByLead: byLead.coverage,
    coverageByLeadError: byLead.standardError,
    targetsByLead: byLead.targets,
    msis: average((outcome) => outcome.msis),
  };
}
