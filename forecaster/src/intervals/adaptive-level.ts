/**
 * Adaptive conformal inference (Gibbs & Candès, 2021), one level per lead-time block: every time a
 * band the forecaster issued meets what happened, the level its next bands are calibrated at moves
 * by `ADAPTATION_RATE` × (miss − (1 − level)): up after a miss, down a little after each hit. So a
 * series whose errors grow (a drift the calibration window has not caught up with) widens its
 * bands, and one whose errors shrink narrows them, at any lead time, from the bands' own record.
 *
 * In its integrated form the level is the nominal level plus the rate times the misses in excess
 * of the nominal rate, over every issued band's observed targets known before the cutoff. Only
 * bands issued by the procedure count (the forecasts published, or replayed as they would have
 * been): the record of a band is what a user saw.
 */

/** The step size Gibbs & Candès (2021) used throughout: per observed target. */
export const ADAPTATION_RATE = 0.005;
/**
 * Bounds of the adapted miss rate, as fractions of the nominal one (1 − level): at most twice it,
 * so a long run of hits cannot shrink a 95 % band below the 90 % quantile; at least a fifth of it,
 * so a burst of misses widens a 95 % band to the 99 % quantile at most, not to the widest error
 * ever seen (bands that wide cost more in interval score than the misses they save).
 */
export const MISS_RATE_BOUNDS: readonly [number, number] = [0.2, 2];

/** A band the forecaster issued at an origin and how it fared. */
export interface IssuedBand {
  /** Index of the origin: the first target is `origin`, the target of step s is `origin + s − 1`. */
  readonly origin: number;
  /** Per step ahead: 1 inside, 0 outside, undefined where the actual was not observed. */
  readonly hits: readonly (0 | 1 | undefined)[];
}

export interface AdaptOptions {
  /** The nominal central coverage, e.g. 0.95. */
  readonly level: number;
  /** Steps per lead-time block (the calibration block). */
  readonly block: number;
  readonly horizon: number;
  /** Only targets before this index are known. */
  readonly cutoff: number;
  readonly rate?: number;
}

/** The level each block's band is calibrated at, from the hits of the bands issued before `cutoff`. */
export function adaptedLevels(issued: readonly IssuedBand[], options: AdaptOptions): number[] {
  const { level, block, horizon, cutoff, rate = ADAPTATION_RATE } = options;
  const excess = new Array<number>(Math.ceil(horizon / block)).fill(0);
  for (const band of issued) {
    band.hits.forEach((hit, index) => {
      if (hit === undefined || band.origin + index >= cutoff) return;
      const blockIndex = Math.floor(index / block);
      // A miss counts 1 − α beyond the nominal rate α, a hit −α.
      if (blockIndex < excess.length) excess[blockIndex] += 1 - hit - (1 - level);
    });
  }
  const [lowest, highest] = [1 - MISS_RATE_BOUNDS[1] * (1 - level), 1 - MISS_RATE_BOUNDS[0] * (1 - level)];
  return excess.map((misses) => Math.min(highest, Math.max(lowest, level + rate * misses)));
}
