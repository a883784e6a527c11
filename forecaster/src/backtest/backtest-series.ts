/**
 * The rolling-origin backtest of one series: run every model at every origin, then score each
 * model, the combination finally selected, and "auto" — the selection procedure itself, replayed
 * at each origin with only what was known then, its bands at the levels their own record adapted
 * (replay.ts). "auto" is the honest estimate of how the forecaster will do on new data; the rows
 * of single models (bands at the nominal level) are what it chooses from.
 */
import type { BlockCalibration, CalibrationOptions } from '../intervals/calibrate';
import { defaultAlternatives } from '../models/registry';
import type { Model, ModelContext } from '../models/types';
import { singleCandidate, type Candidate } from './candidates';
import { createErrorBook, type ErrorBook } from './errors';
import { rollingOrigins } from './origins';
import { runOrigins, type OriginTable } from './run-origins';
import { calibrateNow, replayProcedure, type ReplayedOrigin } from './replay';
import { forecastWithBand, scoreOrigin, summarise, type OriginOutcome, type Scores } from './score';
import { selectCandidate, type SelectOptions } from './select';
import type { BacktestSettings } from './settings';

export interface BacktestOptions {
  readonly values: readonly number[];
  readonly observed: readonly boolean[];
  readonly models: readonly Model[];
  readonly context: ModelContext;
  /** Points between origins. */
  readonly step: number;
  readonly settings: BacktestSettings;
}

export interface ModelScores extends Scores {
  readonly name: string;
}

export interface BacktestReport {
  /** The candidate chosen on all origins: what a forecast made now would use. */
  readonly selected: string;
  /** The default combination, kept unless a challenger is clearly better. */
  readonly fallback: string;
  /** The backtest's best candidate, which replaces the default only with evidence. */
  readonly challenger: string;
  /**
   * How the band of a forecast made now (the selected candidate's) is calibrated: the level, the
   * window of recent targets preferred, and each lead-time block; no blocks when it cannot be.
   */
  readonly band: { readonly level: number; readonly window: number; readonly blocks?: readonly BlockCalibration[] };
  readonly origins: number;
  readonly scoredOrigins: number;
  readonly models: readonly ModelScores[];
  readonly failures: readonly { readonly name: string; readonly reason: string }[];
}

export const AUTO = 'auto';

export class TooShortError extends Error {}

export function backtestSeries(options: BacktestOptions): BacktestReport {
  const { values, context, settings } = options;
  const origins = rollingOrigins({ length: values.length, horizon: context.horizon, step: options.step, minTrain: settings.minTrain });
  const table = runOrigins({ ...options, origins, maxWindow: settings.maxWindow, scaleWindow: settings.scaleWindow });
  return scoreTable(table, { ...options, length: values.length });
}

export interface ScoreTableOptions {
  /** Points in the series: the cutoff of the final selection. */
  readonly length: number;
  readonly models: readonly Model[];
  readonly context: ModelContext;
  readonly step: number;
  readonly settings: BacktestSettings;
}

/** Scores every model, the final selection and "auto" on a table already run (see backtestSeries). */
export function scoreTable(table: OriginTable, options: ScoreTableOptions): BacktestReport {
  const { context, settings, length } = options;
  const { calibration } = settings;
  const { origins } = table;
  const book = createErrorBook(table);
  const selectOptions = selectOptionsFor(options);
  const replay = replayProcedure(book, { select: selectOptions, calibration });
  // Scored: origins where the selection had completed origins to learn from and every band
  // could be calibrated, the same origins for every row so the rows compare.
  const scored = origins.flatMap((_, index) => (replay.issued[index] ? [index] : []));
  if (scored.length === 0) {
    throw new TooShortError(
      `${length} points leave no origin with ${settings.minOrigins} earlier forecasts to learn from ` +
        `(horizon ${context.horizon}, step ${options.step})`,
    );
  }
  const final = selectCandidate(book, length, selectOptions);
  if (final === undefined) throw new TooShortError('no model could be fitted');
  const score = (pick: (index: number) => Candidate): Scores =>
    summarise(scored.map((index) => scoreAt(book, index, pick(index), calibration)), calibration.block);
  const rows: ModelScores[] = options.models
    .filter((model) => table.forecasts.has(model.name))
    .map((model) => ({ name: model.name, ...score(() => singleCandidate(model.name)) }));
  if (final.candidate.members.length > 1) rows.push({ name: final.candidate.name, ...score(() => final.candidate) });
  // The procedure's own bands, at the levels their record adapted, as the service publishes them.
  rows.push({ name: AUTO, ...summarise(scored.map((index) => (replay.issued[index] as ReplayedOrigin).outcome), calibration.block) });
  const now = calibrateNow(book, replay, { candidate: final.candidate, calibration, horizon: context.horizon, cutoff: length });
  return {
    selected: final.candidate.name,
    band: { level: calibration.level, window: calibration.window, blocks: now?.blocks },
    fallback: final.fallback.name,
    challenger: final.challenger.name,
    origins: origins.length,
    scoredOrigins: scored.length,
    models: rows,
    failures: [...table.failures].map(([name, reason]) => ({ name, reason })),
  };
}

export function selectOptionsFor(options: {
  models: readonly Model[];
  context: ModelContext;
  step: number;
  settings: BacktestSettings;
}): SelectOptions {
  return {
    selectable: options.models.filter((model) => !model.baselineOnly).map((model) => model.name),
    fallback: defaultAlternatives(options.context.periods),
    minOrigins: options.settings.minOrigins,
    window: options.settings.selectionWindow,
    maxMembers: options.settings.maxMembers,
    overlap: options.step / options.context.horizon,
  };
}

function scoreAt(book: ErrorBook, index: number, candidate: Candidate, calibration: CalibrationOptions): OriginOutcome {
  const forecast = forecastWithBand(book, candidate, index, calibration);
  if (forecast === undefined) throw new Error(`too few past errors to calibrate at origin ${book.table.origins[index]}`);
  return scoreOrigin(book.table, index, forecast, 1 - calibration.level);
}
