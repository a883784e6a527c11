/**
 * The split-conformal quantile (Vovk et al., 2005; Lei et al., 2018): with n exchangeable
 * calibration scores, the ⌈(n+1)(1−α)⌉-th smallest bounds a new score with probability ≥ 1−α.
 * Undefined when n is too small for that rank to exist.
 */
export function conformalQuantile(scores: readonly number[], level: number): number | undefined {
  const rank = Math.ceil((scores.length + 1) * level);
  if (rank > scores.length) return undefined;
  const sorted = [...scores].sort((a, b) => a - b);
  return sorted[rank - 1];
}

/**
 * The quantile for an adapted level (see adaptive-level.ts): the ⌈(n + w)·level⌉-th smallest score,
 * w the weight of the forecast being calibrated among the n scores (1, an exchangeable draw; a
 * design effect when the scores come in clusters, see design-effect.ts), or the largest when a
 * level near 1 asks for a rank beyond n (the widest error seen, where adaptive conformal inference
 * would give an infinite band).
 */
export function adaptedQuantile(scores: readonly number[], level: number, weight = 1): number | undefined {
  if (scores.length === 0) return undefined;
  const rank = Math.min(scores.length, Math.max(1, Math.ceil((scores.length + weight) * level)));
  const sorted = [...scores].sort((a, b) => a - b);
  return sorted[rank - 1];
}
