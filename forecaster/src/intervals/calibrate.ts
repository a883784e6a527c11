/**
 * Prediction bands from a series' own past forecast errors, with no distributional assumption:
 * split-conformal quantiles of absolute errors (in units of each origin's MASE scale times the
 * forecast's difficulty, see spread.ts: normalised conformal prediction), one per
 * block of horizon steps (a block is one short season, so a band widens with the horizon but
 * rests on block × origins errors rather than a handful per step). Each block's quantile is taken
 * at its adapted level (adaptive-level.ts) when one is given: the nominal level corrected by how
 * the bands issued before fared at those lead times.
 *
 * The rank of each quantile counts the forecast as one more origin's worth of errors, not one
 * more error (design-effect.ts): the errors of one origin repeat each other, so where a block's
 * errors come from few origins (a short history) its band widens accordingly.
 *
 * Only recent errors count (those whose target lies in the last `window` points): errors are not
 * exchangeable across a holiday season and a quiet spring, and weighting the recent past is how
 * conformal prediction copes with drift (Barber et al., 2023). Within the window, an error counts
 * half as much for every quarter window (three long seasons) its target lies back from the cutoff
 * (RECENCY_HALF_LIFE); when the window held too few, all errors count alike. When the window holds too few
 * errors for a block, all known errors of that block are used; when even those are too few,
 * there is no band.
 */
import { designEffect } from './design-effect';
import { conformalQuantile, weightedQuantile } from './quantile';

export interface ScaledError {
  /** 1-based step ahead. */
  readonly step: number;
  /** Index of the point forecast. */
  readonly target: number;
  /** (actual − forecast) / scale of its origin. */
  readonly error: number;
  /** The forecast's difficulty at that step (spread.ts; 1 when absent): the band's unit is scale × difficulty. */
  readonly difficulty?: number;
}

export interface BandOffsets {
  /** Per step: the band is point + scale × offset. */
  readonly lower: readonly number[];
  readonly upper: readonly number[];
  /** How each block's half-width was found, for people and `--json`. */
  readonly blocks: readonly BlockCalibration[];
}

export interface BlockCalibration {
  /** 1-based steps ahead the block covers. */
  readonly fromStep: number;
  readonly toStep: number;
  /** Out-of-sample errors the quantile rests on. */
  readonly errors: number;
  /**
   * The forecasts (origins) those errors come from. The forecast being calibrated is one more
   * origin, so this, not the count of errors, says how far the band can be trusted: on the dev
   * and generalisation sets, sub-daily bands resting on 3–4 completed origins held 86 % where those
   * on more held 93–95 % (forecaster/bench/rescore.ts).
   */
  readonly origins: number;
  /** `recent`: only errors whose targets lie in the window; `all`: the window held too few. */
  readonly source: 'recent' | 'all';
  /** The level the quantile was taken at: the nominal one, adapted by the record of the bands issued before. */
  readonly level: number;
  /**
   * How much the errors repeat each other within an origin (design-effect.ts): the quantile is the
   * ⌈(errors + designEffect)·level⌉-th smallest.
   */
  readonly designEffect: number;
  /** The half-width, in units of the MASE scale. */
  readonly quantile: number;
}

export interface CalibrationOptions {
  /** Central coverage wanted, e.g. 0.95. */
  readonly level: number;
  /** Horizon steps that share one quantile. */
  readonly block: number;
  /** Points back from the cutoff whose errors are preferred. */
  readonly window: number;
  /**
   * How fast the bands' levels adapt to their record (adaptive-level.ts; default ADAPTATION_RATE);
   * 0 keeps every band at the nominal level, for a rule whose threshold was set against it.
   */
  readonly adaptationRate?: number;
}

/**
 * An error's weight halves for every this fraction of the window its target lies before the
 * cutoff (three weeks of a 12-week window). On every dev case and the generalisation set
 * (forecaster/bench/rescore.ts, 214 lead-time buckets), against equal weights: in 93–97 % 160 →
 * 162, mean distance from 95 % 1.82 → 1.72 points; at 0.375 of the window 162, 1.73; at 0.5 159,
 * 1.76; at 0.125 147, 1.85 (too few errors count: the bands follow the last few weeks' noise).
 */
export const RECENCY_HALF_LIFE = 0.25;

/**
 * The fewest errors a quantile may rest on by preference: 2/(1 − level), so at least two misses
 * are expected among them (40 for a 95 % band).
 */
export function preferredSamples(level: number): number {
  return Math.ceil(2 / (1 - level));
}

/**
 * `errorsSince(target)` gives the errors known at the cutoff whose targets lie at or after
 * `target`; it is asked for all of them only when the recent ones are too few. `levels`, one per
 * block, are the adapted levels (default: the nominal level); a block with too few errors for a
 * band at the nominal level has none at any level.
 */
export function calibrateOffsets(
  errorsSince: (target: number) => readonly ScaledError[],
  options: CalibrationOptions & { horizon: number; cutoff: number; levels?: readonly number[] },
): BandOffsets | undefined {
  const { level, block, window, horizon, cutoff } = options;
  const blocks = Math.ceil(horizon / block);
  const blockOf = (error: ScaledError) => Math.floor((error.step - 1) / block);
  const recent = errorsSince(cutoff - window);
  let all: readonly ScaledError[] | undefined;
  const calibrations: BlockCalibration[] = [];
  for (let blockIndex = 0; blockIndex < blocks; blockIndex += 1) {
    let chosen = recent.filter((error) => blockOf(error) === blockIndex);
    let source: BlockCalibration['source'] = 'recent';
    if (chosen.length < preferredSamples(level)) {
      all ??= errorsSince(-Infinity);
      chosen = all.filter((error) => blockOf(error) === blockIndex);
      source = 'all';
    }
    const scores = chosen.map((error) => Math.abs(error.error) / (error.difficulty ?? 1));
    // Equal weights when the window held too few: older errors are then all there is to go on.
    const halfLife = source === 'recent' ? RECENCY_HALF_LIFE * window : Infinity;
    // Sorted once, read unweighted (the nominal edge) and weighted (the band).
    const weighted = chosen
      .map((error, index) => ({ score: scores[index], weight: 0.5 ** ((cutoff - error.target) / halfLife) }))
      .sort((a, b) => a.score - b.score);
    const ascending = weighted.map((entry) => entry.score);
    const nominal = conformalQuantile(ascending, level);
    if (nominal === undefined) return undefined;
    // Clustered by origin (the first target of an error's forecast), measured at the nominal band's edge.
    const originOf = chosen.map((error) => error.target - error.step);
    const effect = designEffect(scores, originOf, nominal);
    const blockLevel = options.levels?.[blockIndex] ?? level;
    const quantile = weightedQuantile(weighted, blockLevel, effect) as number;
    const fromStep = blockIndex * block + 1;
    calibrations.push({ fromStep, toStep: Math.min(horizon, fromStep + block - 1), errors: chosen.length, origins: new Set(originOf).size, source, level: blockLevel, designEffect: effect, quantile });
  }
  const offsets = Array.from({ length: horizon }, (_, step) => calibrations[Math.floor(step / block)].quantile);
  return { lower: offsets.map((offset) => -offset), upper: offsets, blocks: calibrations };
}
