/**
 * Everything the service publishes for one series, from its daily and hourly history: forecasts
 * at each horizon with calibrated 95 % bands, the backtest accuracy of every model, the anomaly
 * flag of the latest hour, and the days until each limit. Pure apart from the WebAssembly models.
 */
import { evaluateSeries } from '../backtest/evaluate-csv';
import { backtestSettings, minimumLength } from '../backtest/settings';
import { forecastSeries, type SeriesForecast } from '../forecast/forecast-series';
import type { Augurs } from '../models/augurs';
import { candidateModels } from '../models/registry';
import { prepareSeries } from '../series/prepare';
import type { RawSeries } from '../series/types';
import type { Limit } from './config';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const LEVEL = 0.95;
/**
 * Backtest scores are reported for 28-day forecasts (the accuracy bar's horizon), or for the
 * longest of 14 and 7 days that the history allows (28 days ahead needs 98 days of history).
 */
const BACKTEST_HORIZONS = [28, 14, 7];
/** Hourly history the anomaly flag fits on: four weekly cycles. */
const ANOMALY_HISTORY_HOURS = 28 * 24;

export interface HorizonForecast {
  readonly label: string;
  readonly days: number;
  readonly median: number;
  readonly lower?: number;
  readonly upper?: number;
}

export interface SeriesOutcome {
  readonly status: 'ok';
  readonly model: string;
  readonly horizons: readonly HorizonForecast[];
  /** Day-by-day forecast from tomorrow, for the API; bands where calibrated. */
  readonly daily: readonly { readonly median: number; readonly lower?: number; readonly upper?: number }[];
  readonly firstDayMs: number;
  readonly scores: readonly { readonly model: string; readonly mase: number; readonly coverage: number }[];
  readonly anomaly?: boolean;
  readonly daysUntil: readonly { readonly kind: Limit['kind']; readonly days: number }[];
}

export type SeriesResult = SeriesOutcome | { readonly status: 'skipped'; readonly reason: string };

export interface ForecastOneInput {
  readonly daily: RawSeries;
  readonly hourly?: RawSeries;
  readonly horizons: readonly { readonly label: string; readonly days: number }[];
  readonly limits: readonly Limit[];
  readonly augurs: Augurs;
}

function forecastAt(values: readonly number[], observed: readonly boolean[], periods: readonly number[], stepMs: number, horizon: number, augurs: Augurs): SeriesForecast {
  const settings = backtestSettings({ periods, horizon, level: LEVEL });
  return forecastSeries({ values, observed, models: candidateModels({ periods, augurs }), context: { periods, horizon, stepMs }, step: Math.max(1, Math.round(horizon / 4)), settings });
}

export function forecastOne(input: ForecastOneInput): SeriesResult {
  const prepared = prepareSeries(input.daily, { bucketMs: DAY_MS, agg: 'sum', season: 'auto' });
  if (!prepared.ok) return { status: 'skipped', reason: prepared.reason };
  const { values, observed, periods, startMs } = prepared.series;
  const shortest = input.horizons[0]?.days ?? 1;
  const needed = minimumLength(backtestSettings({ periods, horizon: shortest, level: LEVEL }), { horizon: shortest, step: Math.max(1, Math.round(shortest / 4)) });
  if (values.length < needed) return { status: 'skipped', reason: `too short: ${values.length} days of history, ${needed} needed` };

  // One forecast per horizon, each with the band calibrated on errors at that horizon.
  const runs = input.horizons.map((h) => ({ horizon: h, forecast: forecastAt(values, observed, periods, DAY_MS, h.days, input.augurs) }));
  const horizons = runs.map(({ horizon, forecast }) => ({
    label: horizon.label,
    days: horizon.days,
    median: forecast.point[horizon.days - 1],
    ...(forecast.band ? { lower: forecast.band.lower[horizon.days - 1], upper: forecast.band.upper[horizon.days - 1] } : {}),
  }));
  const longest = runs[runs.length - 1].forecast;
  const daily = longest.point.map((median, step) => {
    // The band of the shortest run that reaches this step and has one.
    const banded = runs.find((r) => r.horizon.days > step && r.forecast.band)?.forecast.band;
    return banded ? { median, lower: banded.lower[step], upper: banded.upper[step] } : { median };
  });
  const scores = backtestScores(input.daily, input.augurs);
  return {
    status: 'ok',
    model: longest.candidate,
    horizons,
    daily,
    firstDayMs: startMs + values.length * DAY_MS,
    scores,
    anomaly: input.hourly ? latestHourAnomaly(input.hourly, input.augurs) : undefined,
    daysUntil: input.limits.flatMap((limit) => {
      const index = longest.point.findIndex((value) => value > limit.value);
      return index >= 0 ? [{ kind: limit.kind, days: index + 1 }] : [];
    }),
  };
}

function backtestScores(daily: RawSeries, augurs: Augurs): SeriesOutcome['scores'] {
  for (const horizon of BACKTEST_HORIZONS) {
    const evaluation = evaluateSeries(daily, 'series', { bucketMs: DAY_MS, agg: 'sum', season: 'auto', horizon, level: LEVEL, augurs });
    if (evaluation.status === 'ok') return evaluation.report.models.map((m) => ({ model: m.name, mase: m.mase, coverage: m.coverage }));
  }
  return [];
}

/**
 * Whether the latest complete hour lies outside the 95 % band of its forecast made a day earlier
 * (horizon 24, origins a day apart: a one-hour horizon would need an origin at every hour).
 */
function latestHourAnomaly(hourly: RawSeries, augurs: Augurs): boolean | undefined {
  const prepared = prepareSeries(hourly, { bucketMs: HOUR_MS, agg: 'sum', season: 'auto' });
  if (!prepared.ok || prepared.series.values.length < 14 * 24) return undefined;
  const { values, observed, periods } = prepared.series;
  const cut = values.length - 24;
  // The last ANOMALY_HISTORY_HOURS only, origins a day apart: the flag costs a fraction of the run.
  const from = Math.max(0, cut - ANOMALY_HISTORY_HOURS);
  const settings = backtestSettings({ periods, horizon: 24, level: LEVEL });
  const forecast = forecastSeries({ values: values.slice(from, cut), observed: observed.slice(from, cut), models: candidateModels({ periods, augurs }), context: { periods, horizon: 24, stepMs: HOUR_MS }, step: 24, settings });
  if (!forecast.band) return undefined;
  const last = values[values.length - 1];
  return last < forecast.band.lower[23] || last > forecast.band.upper[23];
}
