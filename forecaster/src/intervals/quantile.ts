/**
 * The split-conformal quantile (Vovk et al., 2005; Lei et al., 2018): with n exchangeable
 * calibration scores, the ⌈(n+1)(1−α)⌉-th smallest bounds a new score with probability ≥ 1−α.
 * Both functions read the scores in ascending order (sorted once by the caller, read at two
 * levels).
 */

/** The ⌈(n+1)(1−α)⌉-th smallest of `ascending`; undefined when n is too small for that rank to exist. */
export function conformalQuantile(ascending: readonly number[], level: number): number | undefined {
  const rank = Math.ceil((ascending.length + 1) * level);
  return rank > ascending.length ? undefined : ascending[rank - 1];
}

/**
 * The quantile for an adapted level (see adaptive-level.ts): the ⌈(n + w)·level⌉-th smallest score,
 * w the weight of the forecast being calibrated among the n scores (1, an exchangeable draw; a
 * design effect when the scores come in clusters, see design-effect.ts), or the largest when a
 * level near 1 asks for a rank beyond n (the widest error seen, where adaptive conformal inference
 * would give an infinite band).
 */
export function adaptedQuantile(ascending: readonly number[], level: number, weight = 1): number | undefined {
  if (ascending.length === 0) return undefined;
  const rank = Math.min(ascending.length, Math.max(1, Math.ceil((ascending.length + weight) * level)));
  return ascending[rank - 1];
}
