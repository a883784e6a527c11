/** A series as read: samples in time order, timestamps in Unix milliseconds. */
export interface RawSeries {
  readonly times: readonly number[];
  readonly values: readonly number[];
}

/**
 * A series on a regular grid (one value per bucket). `observed[i]` is false where the bucket had
 * too few samples and its value was filled in, so scoring can leave it out.
 */
export interface RegularSeries {
  readonly startMs: number;
  readonly stepMs: number;
  readonly values: readonly number[];
  readonly observed: readonly boolean[];
}

export type Aggregation = 'sum' | 'mean';
