/**
 * Forecast errors in units of each origin's MASE scale, so errors from a quiet month and a busy
 * one can be pooled. `knownErrors` returns only what had been observed by a cutoff: a target
 * counts once its point is in the history, which is what makes calibration and selection honest.
 */
import type { ScaledError } from '../intervals/calibrate';
import { candidateForecast, type Candidate } from './candidates';
import type { OriginTable } from './run-origins';

export function scaledErrors(table: OriginTable, candidate: Candidate, originIndex: number): ScaledError[] {
  const forecast = candidateForecast(table, candidate, originIndex);
  const actual = table.actuals[originIndex];
  const scale = table.scales[originIndex];
  const origin = table.origins[originIndex];
  const errors: ScaledError[] = [];
  actual.forEach((value, index) => {
    if (!table.observed[originIndex][index]) return;
    errors.push({ step: index + 1, target: origin + index, error: (value - forecast[index]) / scale });
  });
  return errors;
}

/** Errors of every origin whose target point lies before `cutoff` (a point index). */
export function knownErrors(table: OriginTable, candidate: Candidate, cutoff: number): ScaledError[] {
  const known: ScaledError[] = [];
  table.origins.forEach((origin, originIndex) => {
    if (origin >= cutoff) return;
    for (const error of scaledErrors(table, candidate, originIndex)) {
      if (error.target < cutoff) known.push(error);
    }
  });
  return known;
}

/** Indices of the origins whose whole horizon lies before `cutoff`. */
export function completedOrigins(table: OriginTable, cutoff: number): number[] {
  const horizon = table.actuals[0]?.length ?? 0;
  return table.origins.flatMap((origin, index) => (origin + horizon <= cutoff ? [index] : []));
}

/** MASE of one origin: mean absolute scaled error over its observed targets. */
export function originMase(table: OriginTable, candidate: Candidate, originIndex: number): number {
  const errors = scaledErrors(table, candidate, originIndex);
  return errors.reduce((sum, error) => sum + Math.abs(error.error), 0) / errors.length;
}
