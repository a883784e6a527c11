/**
 * A band around a point forecast from calibrated offsets (in units of the MASE scale times the
 * forecast's difficulty, see spread.ts), clipped by
 * the series' constraints like the point itself: never negative, a counter never decreasing.
 */
import { applyConstraints, type SeriesConstraints } from '../models/constraints';
import type { BandOffsets } from './calibrate';

export function bandAround(
  point: readonly number[],
  offsets: BandOffsets,
  scale: number,
  constraints: SeriesConstraints,
  /** Per step, the forecast's difficulty (spread.ts) the offsets were learnt in units of. */
  difficulty: readonly number[],
): { lower: number[]; upper: number[] } {
  const edge = (offset: readonly number[]) => applyConstraints(point.map((value, step) => value + scale * difficulty[step] * offset[step]), constraints);
  return { lower: edge(offsets.lower), upper: edge(offsets.upper) };
}
