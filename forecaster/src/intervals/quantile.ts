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

/** A calibration score and how much it counts (recent errors count more, see calibrate.ts). */
export interface WeightedScore {
  readonly score: number;
  readonly weight: number;
}

/**
 * The quantile for an adapted level (see adaptive-level.ts), with weighted scores (weighted
 * conformal prediction, Barber et al., 2023): the smallest score whose cumulative weight reaches
 * level × (total weight + w × the mean weight), w the weight of the forecast being calibrated in
 * scores (1, an exchangeable draw; a design effect when the scores come in clusters, see
 * design-effect.ts). With equal weights that is the ⌈(n + w)·level⌉-th smallest. The largest
 * when a level near 1 asks for more than all (the widest error seen, where adaptive conformal
 * inference would give an infinite band).
 */
export function weightedQuantile(ascending: readonly WeightedScore[], level: number, weight = 1): number | undefined {
  if (ascending.length === 0) return undefined;
  const total = ascending.reduce((sum, entry) => sum + entry.weight, 0);
  const needed = level * (total + (weight * total) / ascending.length);
  let cumulative = 0;
  for (const entry of ascending) {
    cumulative += entry.weight;
    // The tolerance keeps equal weights at exactly the unweighted rank despite rounding.
    if (cumulative >= needed * (1 - 1e-12)) return entry.score;
  }
  return ascending[ascending.length - 1].score;
}
