/**
 * Everything the service publishes for one series, from its daily and hourly history: forecasts
 * at each horizon with calibrated 95 % bands, the backtest accuracy of every model, the anomaly
 * flag of the latest hour, and the days until each limit. Pure apart from the WebAssembly models.
 */
import { scoreTable, TooShortError } from '../backtest/backtest-series';
import { forecastHorizons, type HorizonForecasts } from '../forecast/forecast-horizons';
import { minimumViewLength, viewOf } from '../forecast/horizon-views';
import type { Augurs } from '../models/augurs';
import { candidateModels } from '../models/registry';
import type { Model } from '../models/types';
import { prepareSeries } from '../series/prepare';
import type { RawSeries } from '../series/types';
import type { Limit } from './config';
import { latestHourAnomaly } from './latest-anomaly';

const DAY_MS = 86_400_000;
const LEVEL = 0.95;

export interface HorizonForecast {
  readonly label: string;
  readonly days: number;
  readonly median: number;
  readonly lower?: number;
  readonly upper?: number;
}

export interface DayForecast {
  readonly median: number;
  readonly lower?: number;
  readonly upper?: number;
}

export interface SeriesOutcome {
  readonly status: 'ok';
  /** The candidate of the longest horizon with a band (the best-informed selection). */
  readonly model: string;
  readonly horizons: readonly HorizonForecast[];
  /** Day-by-day forecast from tomorrow, for the API; bands where calibrated. */
  readonly daily: readonly DayForecast[];
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

export function forecastOne(input: ForecastOneInput): SeriesResult {
  const prepared = prepareSeries(input.daily, { bucketMs: DAY_MS, agg: 'sum', season: 'auto' });
  if (!prepared.ok) return { status: 'skipped', reason: prepared.reason };
  const { values, observed, periods, startMs } = prepared.series;
  // A horizon shorter than the shortest season is read from the forecast for one season: its
  // band rests on a season's worth of lead times rather than a handful of one-day errors.
  const season = periods[0] ?? 1;
  const calibrated = input.horizons.map((h) => Math.max(h.days, season));
  const needed = minimumViewLength(Math.min(...calibrated), periods, LEVEL);
  if (values.length < needed) return { status: 'skipped', reason: `too short: ${values.length} days of history, ${needed} needed` };

  const models = candidateModels({ periods, augurs: input.augurs });
  const longestDays = Math.max(...input.horizons.map((h) => h.days));
  const forecasts = forecastHorizons({ values, observed, models, periods, stepMs: DAY_MS, horizons: calibrated, length: longestDays, level: LEVEL });
  const daily = dailyForecast(forecasts, longestDays);
  const longestView = forecasts.views[forecasts.views.length - 1];
  return {
    status: 'ok',
    model: longestView?.candidate ?? forecasts.fallback.candidate,
    horizons: input.horizons.map((h) => ({ label: h.label, days: h.days, ...daily[h.days - 1] })),
    daily,
    firstDayMs: startMs + values.length * DAY_MS,
    scores: backtestScores(forecasts, { models, periods, length: values.length }),
    anomaly: input.hourly ? latestHourAnomaly(input.hourly, input.augurs) : undefined,
    daysUntil: input.limits.flatMap((limit) => {
      const index = daily.findIndex((day) => day.median > limit.value);
      return index >= 0 ? [{ kind: limit.kind, days: index + 1 }] : [];
    }),
  };
}

/** Day by day: the shortest view reaching that day gives its median and band; past every view, the default's median. */
function dailyForecast(forecasts: HorizonForecasts, days: number): DayForecast[] {
  return Array.from({ length: days }, (_, step) => {
    const view = forecasts.views.find((v) => v.horizon > step);
    if (!view) return { median: forecasts.fallback.point[step] };
    const median = view.point[step];
    return view.band ? { median, lower: view.band.lower[step], upper: view.band.upper[step] } : { median };
  });
}

/**
 * Backtest accuracy of every model, from the longest view whose origins leave some scored (an
 * origin is scored once earlier origins can select and calibrate for it). No refitting.
 */
function backtestScores(forecasts: HorizonForecasts, options: { models: readonly Model[]; periods: readonly number[]; length: number }): SeriesOutcome['scores'] {
  for (const plan of [...forecasts.plans].reverse()) {
    try {
      const report = scoreTable(viewOf(forecasts.table, plan), {
        length: options.length,
        models: options.models,
        context: { periods: options.periods, horizon: plan.horizon, stepMs: DAY_MS },
        step: plan.step,
        settings: plan.settings,
      });
      return report.models.map((m) => ({ model: m.name, mase: m.mase, coverage: m.coverage }));
    } catch (error) {
      if (!(error instanceof TooShortError)) throw error;
    }
  }
  return [];
}
