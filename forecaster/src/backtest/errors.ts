/**
 * Forecast errors in units of each origin's MASE scale, so errors from a quiet month and a busy
 * one can be pooled; each with the forecast's difficulty at its step (its members' spread,
 * intervals/spread.ts), which calibration divides by and selection ignores. `knownErrors` returns only what had been observed by a cutoff: a target
 * counts once its point is in the history, which is what makes calibration and selection honest.
 *
 * Selection and calibration ask for the same errors at every origin, so a book computes each
 * candidate's errors at each origin once. The memo lives in the book, which lives for one
 * backtest.
 */
import type { ScaledError } from '../intervals/calibrate';
import { candidateDifficulty, candidateForecast, type Candidate } from './candidates';
import type { OriginTable } from './run-origins';

export interface ErrorBook {
  readonly table: OriginTable;
  /** Scaled errors of a candidate at one origin, over its observed targets. */
  errorsAt(candidate: Candidate, originIndex: number): readonly ScaledError[];
  /** MASE of one origin: mean absolute scaled error over its observed targets. */
  maseAt(candidate: Candidate, originIndex: number): number;
  /** Errors whose target lies before `cutoff` (and at or after `since`). */
  knownErrors(candidate: Candidate, cutoff: number, since?: number): ScaledError[];
  /** Indices of the origins whose whole horizon lies before `cutoff`. */
  completedOrigins(cutoff: number): number[];
}

export function createErrorBook(table: OriginTable): ErrorBook {
  const horizon = table.actuals[0]?.length ?? 0;
  const errorMemo = new Map<string, ScaledError[][]>();
  const maseMemo = new Map<string, number[]>();
  const errorsAt = (candidate: Candidate, originIndex: number): readonly ScaledError[] => {
    let byOrigin = errorMemo.get(candidate.name);
    if (!byOrigin) errorMemo.set(candidate.name, (byOrigin = []));
    return (byOrigin[originIndex] ??= scaledErrors(table, candidate, originIndex));
  };
  const maseAt = (candidate: Candidate, originIndex: number): number => {
    let byOrigin = maseMemo.get(candidate.name);
    if (!byOrigin) maseMemo.set(candidate.name, (byOrigin = []));
    if (byOrigin[originIndex] === undefined) {
      const errors = errorsAt(candidate, originIndex);
      byOrigin[originIndex] = errors.reduce((sum, error) => sum + Math.abs(error.error), 0) / errors.length;
    }
    return byOrigin[originIndex];
  };
  return {
    table,
    errorsAt,
    maseAt,
    knownErrors(candidate, cutoff, since = -Infinity) {
      const known: ScaledError[] = [];
      table.origins.forEach((origin, originIndex) => {
        if (origin >= cutoff || origin + horizon <= since) return;
        for (const error of errorsAt(candidate, originIndex)) {
          if (error.target < cutoff && error.target >= since) known.push(error);
        }
      });
      return known;
    },
    completedOrigins: (cutoff) => table.origins.flatMap((origin, index) => (origin + horizon <= cutoff ? [index] : [])),
  };
}

function scaledErrors(table: OriginTable, candidate: Candidate, originIndex: number): ScaledError[] {
  const forecast = candidateForecast(table, candidate, originIndex);
  const actual = table.actuals[originIndex];
  const scale = table.scales[originIndex];
  const origin = table.origins[originIndex];
  const difficulty = candidateDifficulty(table, candidate, originIndex);
  const errors: ScaledError[] = [];
  actual.forEach((value, index) => {
    if (!table.observed[originIndex][index]) return;
    errors.push({ step: index + 1, target: origin + index, error: (value - forecast[index]) / scale, difficulty: difficulty[index] });
  });
  return errors;
}
