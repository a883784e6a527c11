/**
 * Runs one model on one history and applies the series' constraints. A cumulative series (a
 * counter) is forecast through its increments, which are never negative, and summed back, so the
 * forecast continues from the last value and never decreases.
 */
import { applyConstraints, constraintsOf } from './constraints';
import type { Model, ModelContext } from './types';

export function runModel(model: Model, history: readonly number[], context: ModelContext): number[] {
  const constraints = constraintsOf(history);
  if (constraints.cumulativeFrom === undefined) {
    return applyConstraints(model.fit(history, context).point, constraints);
  }
  const increments = history.slice(1).map((value, index) => value - history[index]);
  const forecastIncrements = applyConstraints(model.fit(increments, context).point, { nonNegative: true });
  let level = constraints.cumulativeFrom;
  return forecastIncrements.map((increment) => (level += increment));
}
