/**
 * What the service does for each series on each run: a backtest over the recent origins only
 * (those the selection and the bands learn from), the selection, then the chosen candidate
 * fitted on the whole (windowed) history, with its band and the series' constraints.
 */
import { meanForecast, singleCandidate } from '../backtest/candidates';
import { selectOptionsFor } from '../backtest/backtest-series';
import { createErrorBook } from '../backtest/errors';
import { seasonalNaiveScale } from '../backtest/metrics';
import { rollingOrigins } from '../backtest/origins';
import { runOrigins } from '../backtest/run-origins';
import { selectCandidate } from '../backtest/select';
import type { BacktestSettings } from '../backtest/settings';
import { calibrateOffsets } from '../intervals/calibrate';
import { applyConstraints, constraintsOf } from '../models/constraints';
import { defaultCombination, modelNamed } from '../models/registry';
import { runModel } from '../models/run-model';
import type { Model, ModelContext } from '../models/types';

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
  const lookback = Math.max(settings.calibration.window, settings.selectionWindow) + context.horizon;
  const all = rollingOrigins({ length: n, horizon: context.horizon, step: options.step, minTrain: settings.minTrain });
  const recent = all.filter((origin) => origin >= n - lookback);
  const origins = recent.length >= settings.minOrigins ? recent : all.slice(-settings.minOrigins);
  const table = runOrigins({ ...options, origins, maxWindow: settings.maxWindow });
  const book = createErrorBook(table);
  const selection = selectCandidate(book, n, selectOptionsFor(options));
  const history = values.slice(Math.max(0, n - settings.maxWindow));
  // Too short to select: the seasonal naive at the longest season, which every series can run.
  const candidate = selection?.candidate ?? singleCandidate(defaultCombination(context.periods)[0]);
  const point = meanForecast(candidate.members.map((member) => runModel(modelNamed(options.models, member), history, context)));
  const constraints = constraintsOf(history);
  const offsets = selection
    ? calibrateOffsets((since) => book.knownErrors(candidate, n, since), { ...settings.calibration, horizon: context.horizon, cutoff: n })
    : undefined;
  if (!offsets) return { candidate: candidate.name, point };
  const scale = seasonalNaiveScale(history, context.periods[0] ?? 1);
  return {
    candidate: candidate.name,
    point,
    band: {
      lower: applyConstraints(point.map((value, step) => value + scale * offsets.lower[step]), constraints),
      upper: applyConstraints(point.map((value, step) => value + scale * offsets.upper[step]), constraints),
      level: settings.calibration.level,
    },
  };
}
