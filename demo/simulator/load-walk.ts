import type { SeededRandom } from './seeded-random';

export interface LoadWalkInput {
  readonly current: number;
  /** The load the walk drifts back towards (the starting or last commanded load). */
  readonly base: number;
  readonly capacity: number;
  readonly random: SeededRandom;
}

/** Share of the distance to the base recovered per step; keeps the walk from wandering off. */
const PULL_TO_BASE = 0.05;
/** Standard deviation of one step, as a share of capacity. */
const STEP_SHARE_OF_CAPACITY = 0.01;

/** One step of a mean-reverting random walk: whole participants, never negative. */
export function nextLoad(input: LoadWalkInput): number {
  const pull = (input.base - input.current) * PULL_TO_BASE;
  const step = input.random.normal() * input.capacity * STEP_SHARE_OF_CAPACITY;
  return Math.max(0, Math.round(input.current + pull + step));
}
