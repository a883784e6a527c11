/**
 * Whether the latest complete hour lies far outside the 95 % band of its forecast made a day earlier
 * (horizon 24, origins a day apart: a one-hour horizon would need an origin at every hour, and
 * origins a day apart share the latest hour's hour of day, so its errors are the right ones).
 *
 * The flag is recomputed for every series every hour, so it uses the fast models only: seasonal
 * naive and seasonal average (a day, a week), Theta and the damped trend. On the real hourly files their 24-hour MASE
 * is within about 8 % of MSTL-ETS (0.70 / 0.53 against 0.66 / 0.49) at a tenth of the cost;
 * the band is calibrated on the chosen model's own errors either way.
 *
 * "Far outside": more than twice as far from the median as the band's edge on that side. The flag
 * is judged for every series every hour, and an hour just outside a 95 % band is one ordinary hour
 * in twenty by construction (a few of any hundred series flagged at all times); twice the band's
 * distance is about four standard deviations of a normal error, while a spike or dip of half the
 * usual level stays flagged wherever the band is narrower than ±25 %. An hour within 10 % of the
 * median is never flagged (ANOMALY_MIN_SHARE).
 */
import { backtestSettings } from '../backtest/settings';
import { forecastSeries } from '../forecast/forecast-series';
import type { Augurs } from '../models/augurs';
import { candidateModels, type ModelKind } from '../models/registry';
import { prepareSeries } from '../series/prepare';
import type { RawSeries } from '../series/types';

const HOUR_MS = 3_600_000;
const LEVEL = 0.95;
/**
 * The latest hour judged ends this long before the run: usage reaches Prometheus minutes late
 * (clients send it in windows and retry, the exporter is scraped every interval), and an hour
 * read up to the run's own second misses its last minutes and looks like a dip (a fresh demo stack
 * flagged its busiest regions so, reading the hour before its traffic had caught up).
 */
export const LATEST_HOUR_SETTLE_MS = 5 * 60_000;
/** How many times the band's distance from the median the latest hour must lie to be flagged. */
export const ANOMALY_BAND_MULTIPLE = 2;
/**
 * …and at least this far from the median, as a share of it. A series that repeats itself almost
 * exactly calibrates a band narrower than its own sampling error (a synthetic test series: ±0.1 %,
 * and the latest hour, read from denser scrapes than its history, 1 % off, flagged); real usage
 * has bands far wider than this, so the floor changes nothing there.
 */
export const ANOMALY_MIN_SHARE = 0.1;
/** Hours of history the flag needs at least: two weeks, the weekly season's two cycles. */
const MIN_HOURS = 14 * 24;
/** Hours the flag fits on: three weeks, so seven daily origins leave 168 errors to calibrate on. */
const HISTORY_HOURS = 21 * 24;
// The seasonal average too: it is the default's simple member and the forecast of a history too short to select.
const FAST_KINDS: readonly ModelKind[] = ['snaive', 'savg', 'theta', 'damped'];

export function latestHourAnomaly(hourly: RawSeries, augurs: Augurs): boolean | undefined {
  const prepared = prepareSeries(hourly, { bucketMs: HOUR_MS, agg: 'sum', season: 'auto' });
  if (!prepared.ok || prepared.series.values.length < MIN_HOURS + 24) return undefined;
  const { values, observed, periods } = prepared.series;
  const cut = values.length - 24;
  const from = Math.max(0, cut - HISTORY_HOURS);
  const standard = backtestSettings({ periods, horizon: 24, level: LEVEL });
  // At the nominal level: ANOMALY_BAND_MULTIPLE was set against the 95 % quantile (an adapted level
  // of 0.90 after a calm month would halve "about four standard deviations").
  const settings = { ...standard, calibration: { ...standard.calibration, adaptationRate: 0 } };
  const forecast = forecastSeries({
    values: values.slice(from, cut),
    observed: observed.slice(from, cut),
    models: candidateModels({ periods, augurs, kinds: FAST_KINDS }),
    context: { periods, horizon: 24, stepMs: HOUR_MS },
    step: 24,
    settings,
  });
  if (!forecast.band) return undefined;
  const last = values[values.length - 1];
  const median = forecast.point[23];
  const floor = ANOMALY_MIN_SHARE * Math.abs(median);
  const below = median - Math.max(floor, ANOMALY_BAND_MULTIPLE * (median - forecast.band.lower[23]));
  const above = median + Math.max(floor, ANOMALY_BAND_MULTIPLE * (forecast.band.upper[23] - median));
  return last < below || last > above;
}
