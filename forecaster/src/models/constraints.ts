/**
 * What every forecast must respect whatever the model: usage is never negative, and a cumulative
 * series (a counter) never goes down, so neither may its forecast.
 */
export interface SeriesConstraints {
  readonly nonNegative: boolean;
  /** The last observed value of a cumulative series; forecasts never fall below it or decrease. */
  readonly cumulativeFrom?: number;
}

export function constraintsOf(history: readonly number[]): SeriesConstraints {
  const nonNegative = history.every((value) => value >= 0);
  return isCumulative(history) ? { nonNegative, cumulativeFrom: history[history.length - 1] } : { nonNegative };
}

/** Never decreasing and not flat: a counter. */
export function isCumulative(history: readonly number[]): boolean {
  let rises = false;
  for (let index = 1; index < history.length; index += 1) {
    if (history[index] < history[index - 1]) return false;
    if (history[index] > history[index - 1]) rises = true;
  }
  return rises;
}

export function applyConstraints(values: readonly number[], constraints: SeriesConstraints): number[] {
  let floor = constraints.cumulativeFrom ?? (constraints.nonNegative ? 0 : -Infinity);
  return values.map((value) => {
    const bounded = Math.max(value, floor);
    if (constraints.cumulativeFrom !== undefined) floor = bounded;
    return bounded;
  });
}
