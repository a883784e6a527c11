/**
 * Rolling origins: forecast `horizon` points from every `step`-th point, the last origin ending
 * exactly at the end of the series, the first leaving at least `minTrain` points to fit on.
 * An origin is the number of points the model sees (history = values[0 … origin−1]).
 */
export function rollingOrigins(options: { length: number; horizon: number; step: number; minTrain: number }): number[] {
  const { length, horizon, step, minTrain } = options;
  const origins: number[] = [];
  for (let origin = length - horizon; origin >= minTrain; origin -= step) origins.unshift(origin);
  return origins;
}
