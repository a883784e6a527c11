/**
 * How much a block's calibration errors repeat each other. The errors of one forecast are not
 * independent draws: when its level is off, most of its errors at that lead time are large
 * together (a daily bucket's misses come from 1–6 of its origins, backtest/lead-coverage.ts). The
 * design effect (Kish, 1965) is the variance of the share of errors beyond the band's threshold,
 * clustered by origin, over the variance it would have were the errors independent: 1 when they
 * are, up to the errors per origin when each origin's errors all fall on one side together.
 *
 * The conformal rank ⌈(n + 1)·level⌉ counts the forecast being calibrated as one more draw beside
 * the n known ones; when the known errors come in clusters, the forecast's errors are one more
 * cluster, worth a design effect of draws, so the rank becomes ⌈(n + design effect)·level⌉
 * (quantile.ts). Exact at both ends: independent errors give back the plain conformal rank, and
 * errors identical within each origin give the conformal rank among origins. It matters where the
 * errors are few or come from few origins (a short history), and fades as they grow.
 */
import { clusteredError } from '../backtest/lead-coverage';

/**
 * The design effect of the scores beyond `threshold`, clustered by `clusterOf` (each error's
 * origin): the number of scores when they all come from one cluster (one origin tells nothing of
 * how origins differ); otherwise 1 when none lies beyond the threshold (nothing to measure), and
 * never below 1.
 */
export function designEffect(scores: readonly number[], clusterOf: readonly number[], threshold: number): number {
  // Per cluster, in order of first appearance: [scores inside, scores].
  const clusters: [number, number][] = [];
  const indexOf = new Map<number, number>();
  let inside = 0;
  scores.forEach((score, index) => {
    let cluster = indexOf.get(clusterOf[index]);
    if (cluster === undefined) indexOf.set(clusterOf[index], (cluster = clusters.push([0, 0]) - 1));
    if (score <= threshold) {
      clusters[cluster][0] += 1;
      inside += 1;
    }
    clusters[cluster][1] += 1;
  });
  if (clusters.length < 2) return scores.length;
  if (inside === scores.length) return 1;
  const share = inside / scores.length;
  return Math.max(1, clusteredError(clusters) ** 2 / ((share * (1 - share)) / scores.length));
}
