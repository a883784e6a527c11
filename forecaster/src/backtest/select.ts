/**
 * Chooses, from what was known at a cutoff, the candidate to forecast with: every selectable
 * model, and the means of the best two, three … over the completed origins. Candidates are
 * compared by the geometric mean of their per-origin MASE, which amounts to the average relative
 * MAE that Davydenko & Fildes (2013) recommend: one wild origin (a holiday, a first origin with
 * little history) cannot decide the choice the way it dominates an arithmetic mean. The lowest
 * wins; on a tie the simpler candidate does.
 */
import { combinationCandidate, singleCandidate, type Candidate } from './candidates';
import { completedOrigins, originMase } from './errors';
import { geometricMean } from './metrics';
import type { OriginTable } from './run-origins';

/** Keeps a perfect origin (MASE 0, e.g. a flat series) from sending the geometric mean to zero. */
const MASE_FLOOR = 1e-6;

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
  /** Geometric-mean MASE of every candidate considered, best first. */
  readonly ranking: readonly { readonly candidate: Candidate; readonly mase: number }[];
}

export function selectCandidate(table: OriginTable, cutoff: number, options: SelectOptions): Selection | undefined {
  const completed = completedOrigins(table, cutoff);
  if (completed.length < options.minOrigins) return undefined;
  const score = (candidate: Candidate): number =>
    geometricMean(completed.map((index) => Math.max(originMase(table, candidate, index), MASE_FLOOR)));
  const singles = options.selectable
    .filter((name) => table.forecasts.has(name))
    .map((name) => ({ candidate: singleCandidate(name), mase: score(singleCandidate(name)) }))
    .sort((a, b) => a.mase - b.mase);
  if (singles.length === 0) return undefined;
  const combinations = [];
  for (let size = 2; size <= Math.min(options.maxMembers, singles.length); size += 1) {
    const candidate = combinationCandidate(singles.slice(0, size).map((entry) => entry.candidate.name));
    combinations.push({ candidate, mase: score(candidate) });
  }
  // Stable sort: singles come first, so a tie goes to the single model.
  const ranking = [...singles, ...combinations].sort((a, b) => a.mase - b.mase);
  return { candidate: ranking[0].candidate, ranking };
}
