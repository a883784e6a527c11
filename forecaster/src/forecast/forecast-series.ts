/**
 * What the service does for each series on each run: a backtest over the recent origins only
 * (those the selection and the bands learn from), the selection, then the chosen candidate
 * fitted on the whole (windowed) history, with its band and the series' constraints.
 */
import { meanForecast } from '../backtest/candidates';
import { selectOptionsFor } from '../backtest/backtest-series';
import { createErrorBook } from '../backtest/errors';
import { originScale } from '../backtest/metrics';
import { rollingOrigins } from '../backtest/origins';
import { runOrigins } from '../backtest/run-origins';
import type { BacktestSettings } from '../backtest/settings';
import { bandAround } from '../intervals/band';
import { spreadDifficulty } from '../intervals/spread';
import { constraintsOf } from '../models/constraints';
import { modelNamed } from '../models/registry';
import { runModel } from '../models/run-model';
import type { Model, ModelContext } from '../models/types';
import { chooseAndCalibrate, recentOrigins } from './choose';

export interface SeriesForecast {
  /** The candidate forecasting, e.g. `mean(snaive-7,mstl-ets)`. */
  readonly candidate: string;
  readonly point: readonly number[];
  /** The central band at `level`, or undefined when the history is too short to calibrate one. */
  readonly band?: { readonly lower: readonly number[]; readonly upper: readonly number[]; readonly level: number };
}

export interface ForecastSeriesOptions {
  readonly values: readonly number[];
  readonly observed: readonly boolean[];
  readonly models: readonly Model[];
  readonly context: ModelContext;
  readonly step: number;
  readonly settings: BacktestSettings;
}

export function forecastSeries(options: ForecastSeriesOptions): SeriesForecast {
  const { values, context, settings } = options;
  const n = values.length;
  const all = rollingOrigins({ length: n, horizon: context.horizon, step: options.step, minTrain: settings.minTrain });
  const origins = recentOrigins(all, { length: n, horizon: context.horizon, settings });
  const table = runOrigins({ ...options, origins, maxWindow: settings.maxWindow, scaleWindow: settings.scaleWindow });
  const { candidate, offsets } = chooseAndCalibrate(createErrorBook(table), { cutoff: n, horizon: context.horizon, periods: context.periods, select: selectOptionsFor(options), settings });
  const history = values.slice(Math.max(0, n - settings.maxWindow));
  const members = candidate.members.map((member) => runModel(modelNamed(options.models, member), history, context));
  const point = meanForecast(members);
  if (!offsets) return { candidate: candidate.name, point };
  const scale = originScale(history, context.periods[0] ?? 1, settings.scaleWindow);
  const band = bandAround(point, offsets, scale, constraintsOf(history), spreadDifficulty(members, scale));
  return { candidate: candidate.name, point, band: { ...band, level: settings.calibration.level } };
}
