/**
 * Every forecasting model is one function behind this type, so the backtest, the selection and
 * the service treat them alike. Models give point forecasts only: the bands come from each
 * series' own backtest errors (see ../intervals), which keeps them honest for every model.
 */
export interface ModelContext {
  /** Seasonal periods in points, shortest first; empty when the series shows none. */
  readonly periods: readonly number[];
  /** How many points to forecast. */
  readonly horizon: number;
  /** Spacing of the points, for models whose windows are set in calendar time. */
  readonly stepMs: number;
}

export interface PointForecast {
  readonly point: readonly number[];
}

export interface Model {
  readonly name: string;
  /** A baseline to beat, scored but never selected (the original straight line). */
  readonly baselineOnly?: boolean;
  /** Fits on `history` (oldest first, regular, no gaps) and forecasts the next points. Throws when it cannot. */
  fit(history: readonly number[], context: ModelContext): PointForecast;
}
