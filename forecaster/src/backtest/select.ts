/**
 * Chooses, from what was known at a cutoff, the candidate to forecast with: every selectable
 * model, and the means of the best two, three … by MASE over the completed origins. The lowest
 * mean MASE wins; on a tie the simpler candidate does.
 */
import { combinationCandidate, singleCandidate, type Candidate } from './candidates';
import { completedOrigins, originMase } from './errors';
import type { OriginTable } from './run-origins';

export interface SelectOptions {
  /** Model names that may be selected (baselines such as the straight line are not). */
  readonly selectable: readonly string[];
  /** Fewer completed origins than this and there is nothing to choose from. */
  readonly minOrigins: number;
  /** Largest combination tried. */
  readonly maxMembers: number;
}

export interface Selection {
  readonly candidate: Candidate;
  /** Mean MASE of every candidate considered, best first. */
  readonly ranking: readonly { readonly candidate: Candidate; readonly mase: number }[];
}

export function selectCandidate(table: OriginTable, cutoff: number, options: SelectOptions): Selection | undefined {
  const completed = completedOrigins(table, cutoff);
  if (completed.length < options.minOrigins) return undefined;
  const meanMase = (candidate: Candidate): number =>
    completed.reduce((sum, index) => sum + originMase(table, candidate, index), 0) / completed.length;
  const singles = options.selectable
    .filter((name) => table.forecasts.has(name))
    .map((name) => ({ candidate: singleCandidate(name), mase: meanMase(singleCandidate(name)) }))
    .sort((a, b) => a.mase - b.mase);
  if (singles.length === 0) return undefined;
  const combinations = [];
  for (let size = 2; size <= Math.min(options.maxMembers, singles.length); size += 1) {
    const candidate = combinationCandidate(singles.slice(0, size).map((entry) => entry.candidate.name));
    combinations.push({ candidate, mase: meanMase(candidate) });
  }
  // Stable sort: singles come first, so a tie goes to the single model.
  const ranking = [...singles, ...combinations].sort((a, b) => a.mase - b.mase);
  return { candidate: ranking[0].candidate, ranking };
}
