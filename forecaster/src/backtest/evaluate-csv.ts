/**
 * One input end to end, from CSV text to a backtest report: read, aggregate, check, backtest.
 * Pure apart from the clock (the elapsed time is part of the report); the caller reads files.
 * Every way a series can fail comes back as data with its reason.
 */
import type { Augurs } from '../models/augurs';
import { candidateModels } from '../models/registry';
import { prepareSeries } from '../series/prepare';
import { CsvError, parseCsvSeries } from '../series/read-csv';
import type { SeasonSpec } from '../series/season';
import type { Aggregation, RawSeries } from '../series/types';
import { backtestSeries, TooShortError, type BacktestReport } from './backtest-series';
import { backtestSettings, minimumLength, type BacktestSettings } from './settings';

export interface EvaluateOptions {
  readonly bucketMs: number;
  readonly agg: Aggregation;
  readonly season: SeasonSpec;
  /** Points to forecast. Default: 28 days for daily or coarser buckets, 2 days for finer ones. */
  readonly horizon?: number;
  /**
   * Points between origins. Default: a quarter of the horizon (7 days for 28), so every target is
   * forecast from four origins at four lead times; a quarter of a day (6 hours, an eighth of the
   * 2-day horizon) for finer buckets while the series spans at most 12 weeks, see defaultStep.
   */
  readonly step?: number;
  readonly level: number;
  readonly augurs: Augurs;
}

export interface EvaluatedSeries {
  readonly status: 'ok';
  readonly input: string;
  readonly points: number;
  readonly periods: readonly number[];
  readonly horizon: number;
  readonly step: number;
  /** Steps per lead-time bucket of `coverageByLead` (the calibration block). */
  readonly leadBucket: number;
  readonly report: BacktestReport;
  readonly elapsedMs: number;
}

export interface FailedSeries {
  /** skipped: the data is fine but cannot be backtested; unreadable: the file is broken. */
  readonly status: 'skipped' | 'unreadable';
  readonly input: string;
  readonly reason: string;
}

export type Evaluation = EvaluatedSeries | FailedSeries;

const DAY_MS = 86_400_000;

export function evaluateCsv(text: string, input: string, options: EvaluateOptions): Evaluation {
  let raw;
  try {
    raw = parseCsvSeries(text, input);
  } catch (error) {
    if (error instanceof CsvError) return { status: 'unreadable', input, reason: error.message };
    throw error;
  }
  return evaluateSeries(raw, input, options);
}

/** What a backtest of one series runs on, once it is read and checked. */
export interface BacktestPlan {
  readonly values: readonly number[];
  readonly observed: readonly boolean[];
  readonly periods: readonly number[];
  readonly stepMs: number;
  readonly horizon: number;
  readonly step: number;
  readonly settings: BacktestSettings;
}

/** Prepares a series for its backtest, or says why it cannot have one. */
export function planBacktest(raw: RawSeries, input: string, options: Omit<EvaluateOptions, 'augurs'>): BacktestPlan | FailedSeries {
  const prepared = prepareSeries(raw, options);
  if (!prepared.ok) return { status: 'skipped', input, reason: prepared.reason };
  const { values, observed, periods, stepMs } = prepared.series;
  const horizon = options.horizon ?? defaultHorizon(options.bucketMs);
  const settings = backtestSettings({ periods, horizon, level: options.level });
  const step = options.step ?? defaultStep({ bucketMs: options.bucketMs, horizon, length: values.length });
  const needed = minimumLength(settings, { horizon, step });
  if (values.length < needed) {
    return { status: 'skipped', input, reason: `too short: ${values.length} points, a horizon of ${horizon} every ${step} needs ${needed}` };
  }
  return { values, observed, periods, stepMs, horizon, step, settings };
}

export function evaluateSeries(raw: RawSeries, input: string, options: EvaluateOptions): Evaluation {
  const started = performance.now();
  const plan = planBacktest(raw, input, options);
  if ('status' in plan) return plan;
  const { values, observed, periods, stepMs, horizon, step, settings } = plan;
  try {
    const report = backtestSeries({
      values,
      observed,
      models: candidateModels({ periods, augurs: options.augurs }),
      context: { periods, horizon, stepMs },
      step,
      settings,
    });
    return { status: 'ok', input, points: values.length, periods, horizon, step, leadBucket: settings.calibration.block, report, elapsedMs: performance.now() - started };
  } catch (error) {
    if (error instanceof TooShortError) return { status: 'skipped', input, reason: `too short: ${error.message}` };
    throw error;
  }
}

/** Longest sub-daily series whose origins are a quarter of a day apart: 12 weeks, the calibration window of hourly usage with its week. */
export const DENSE_ORIGINS_SPAN_MS = 12 * 7 * DAY_MS;

/**
 * A quarter of the horizon; for buckets finer than a day, at most a quarter of a day while the
 * series spans at most DENSE_ORIGINS_SPAN_MS (`length` buckets of `bucketMs`). An hourly
 * history is often only weeks long: at 12 hours apart, a 2–3-week series left 5 scored origins
 * (mscloud-ingress 7), too few to read a band's coverage or to calibrate the next one on; every
 * 6 hours doubles them, and the origins fall at four hours of the day rather than two. A longer
 * series has hundreds of origins 12 hours apart, and denser ones would cost it about four times
 * the replay (twice the origins, each calibrated on twice the errors of its window). On the
 * sub-daily cases of forecaster/bench/rescore.ts at the default step (dev and generalisation),
 * buckets in 93–97 % 21 → 24 of 44 (README.md, "Origins every 6 hours"). Daily origins stay a
 * week apart (each lead time's errors from every weekday alike).
 */
export function defaultStep(options: { bucketMs: number; horizon: number; length: number }): number {
  const { bucketMs, horizon, length } = options;
  const quarterHorizon = horizon / 4;
  const quarterDay = bucketMs < DAY_MS && length * bucketMs <= DENSE_ORIGINS_SPAN_MS ? DAY_MS / 4 / bucketMs : Infinity;
  return Math.max(1, Math.round(Math.min(quarterHorizon, quarterDay)));
}

function defaultHorizon(bucketMs: number): number {
  return Math.max(1, Math.round((bucketMs >= DAY_MS ? 28 * DAY_MS : 2 * DAY_MS) / bucketMs));
}
