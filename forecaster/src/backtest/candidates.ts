/**
 * A candidate is one model or the equal-weight mean of several: combining forecasts is one of
 * the most reliable ways to gain accuracy (Bates & Granger, 1969; the M4 results), and costs
 * nothing once the members' forecasts are in the origin table.
 */
import { spreadDifficulty } from '../intervals/spread';
import type { OriginTable } from './run-origins';

export interface Candidate {
  readonly name: string;
  readonly members: readonly string[];
}

export function singleCandidate(model: string): Candidate {
  return { name: model, members: [model] };
}

/** Members are kept in name order, so one combination has one name however it was found. */
export function combinationCandidate(members: readonly string[]): Candidate {
  if (members.length === 1) return singleCandidate(members[0]);
  const sorted = [...members].sort();
  return { name: `mean(${sorted.join(',')})`, members: sorted };
}

export function candidateForecast(table: OriginTable, candidate: Candidate, originIndex: number): number[] {
  return meanForecast(memberForecasts(table, candidate, originIndex));
}

/** How hard each step of the candidate's forecast at an origin is: its members' spread (intervals/spread.ts). */
export function candidateDifficulty(table: OriginTable, candidate: Candidate, originIndex: number): number[] {
  return spreadDifficulty(memberForecasts(table, candidate, originIndex), table.scales[originIndex]);
}

function memberForecasts(table: OriginTable, candidate: Candidate, originIndex: number): (readonly number[])[] {
  return candidate.members.map((member) => {
    const forecast = table.forecasts.get(member)?.[originIndex];
    if (forecast === undefined) throw new Error(`no forecasts for model "${member}"`);
    return forecast;
  });
}

/** The equal-weight mean of the members' forecasts, step by step. */
export function meanForecast(forecasts: readonly (readonly number[])[]): number[] {
  return forecasts[0].map((_, step) => forecasts.reduce((sum, forecast) => sum + forecast[step], 0) / forecasts.length);
}
