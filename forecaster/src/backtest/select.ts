/**
 * Chooses, from what was known at a cutoff, the candidate to forecast with.
 *
 * A backtest of a few dozen origins picks winners by luck about as often as by merit (the
 * "forecast combination puzzle": a fixed equal-weight combination usually beats the backtest's
 * favourite out of sample). So there is a default, the mean of the seasonal naive at the longest
 * season and MSTL-ETS — two forecasters that fail differently: one follows a changed week at once,
 * the other smooths noise and follows the trend — and the backtest replaces it only with
 * evidence: the best challenger (every selectable model, and the means of the best two, three …)
 * must beat the default on the per-origin log MASE ratio by two standard errors (a one-sided
 * Diebold–Mariano-style test, 1995). Consecutive origins share most of their targets when the
 * step is shorter than the horizon, so the standard error counts origins × step / horizon.
 *
 * Candidates are ranked by the geometric mean of their per-origin MASE, which amounts to the
 * average relative MAE Davydenko & Fildes (2013) recommend: one wild origin (a holiday, a first
 * origin with little history) cannot decide the ranking the way it dominates an arithmetic mean.
 */
import { combinationCandidate, singleCandidate, type Candidate } from './candidates';
import type { ErrorBook } from './errors';
import { geometricMean } from './metrics';

/** Keeps a perfect origin (MASE 0, e.g. a flat series) from sending a logarithm to −∞. */
const MASE_FLOOR = 1e-6;
/** Standard errors by which a challenger must beat the default. */
const EVIDENCE = 2;

export interface SelectOptions {
  /** Model names that may be selected (baselines such as the straight line are not). */
  readonly selectable: readonly string[];
  /**
   * The members of the default combination, each as its alternatives: a member with several is
   * the first, unless the one with the best recent geometric-mean MASE is clearly better (the
   * seasonal member: the seasonal average or naive at whichever season the series really has).
   */
  readonly fallback: readonly (readonly string[])[];
  /** Fewer completed origins than this and there is nothing to choose from. */
  readonly minOrigins: number;
  /** Only origins whose targets lie in this many points before the cutoff count (but at least `minOrigins`). */
  readonly window: number;
  /** Largest combination tried. */
  readonly maxMembers: number;
  /** Step between origins over the horizon (≤ 1 when origins overlap). */
  readonly overlap: number;
}

export interface Selection {
  readonly candidate: Candidate;
  readonly fallback: Candidate;
  /** The best candidate by the backtest, whether or not it won. */
  readonly challenger: Candidate;
  /** Geometric-mean MASE of every candidate considered, best first. */
  readonly ranking: readonly { readonly candidate: Candidate; readonly mase: number }[];
}

export function selectCandidate(book: ErrorBook, cutoff: number, options: SelectOptions): Selection | undefined {
  const allCompleted = book.completedOrigins(cutoff);
  if (allCompleted.length < options.minOrigins) return undefined;
  const recent = allCompleted.filter((index) => book.table.origins[index] >= cutoff - options.window);
  const completed = recent.length >= options.minOrigins ? recent : allCompleted.slice(-options.minOrigins);
  const maseOf = (candidate: Candidate): number[] =>
    completed.map((index) => Math.max(book.maseAt(candidate, index), MASE_FLOOR));
  const singles = options.selectable
    .filter((name) => book.table.forecasts.has(name))
    .map((name) => ({ candidate: singleCandidate(name), mase: geometricMean(maseOf(singleCandidate(name))) }))
    .sort((a, b) => a.mase - b.mase);
  if (singles.length === 0) return undefined;
  const combinations = [];
  for (let size = 2; size <= Math.min(options.maxMembers, singles.length); size += 1) {
    const candidate = combinationCandidate(singles.slice(0, size).map((entry) => entry.candidate.name));
    combinations.push({ candidate, mase: geometricMean(maseOf(candidate)) });
  }
  // Stable sort: singles come first, so a tie goes to the single model.
  const ranking = [...singles, ...combinations].sort((a, b) => a.mase - b.mase);
  const challenger = ranking[0].candidate;
  // A member's first alternative stays unless another is clearly better, by the same test as below.
  const bestOf = (alternatives: readonly string[]): string | undefined => {
    const preferred = alternatives.find((name) => book.table.forecasts.has(name));
    const best = singles.find((entry) => alternatives.includes(entry.candidate.name))?.candidate;
    if (preferred === undefined || best === undefined) return preferred;
    return clearlyBetter(maseOf(best), maseOf(singleCandidate(preferred)), options.overlap) ? best.name : preferred;
  };
  const fallbackMembers = options.fallback.flatMap((alternatives) => bestOf(alternatives) ?? []);
  if (fallbackMembers.length === 0) return { candidate: challenger, fallback: challenger, challenger, ranking };
  const fallback = combinationCandidate(fallbackMembers);
  const better = clearlyBetter(maseOf(challenger), maseOf(fallback), options.overlap);
  return { candidate: better ? challenger : fallback, fallback, challenger, ranking };
}

/** Whether the mean log ratio of challenger to default lies more than EVIDENCE standard errors below zero. */
export function clearlyBetter(challenger: readonly number[], fallback: readonly number[], overlap: number): boolean {
  const ratios = challenger.map((mase, index) => Math.log(mase / fallback[index]));
  const n = ratios.length;
  const mean = ratios.reduce((sum, ratio) => sum + ratio, 0) / n;
  if (n < 2) return false;
  const variance = ratios.reduce((sum, ratio) => sum + (ratio - mean) ** 2, 0) / (n - 1);
  const effective = Math.max(1, n * Math.min(1, overlap));
  return mean + (EVIDENCE * Math.sqrt(variance)) / Math.sqrt(effective) < 0;
}
