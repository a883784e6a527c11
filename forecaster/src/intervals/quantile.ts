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
