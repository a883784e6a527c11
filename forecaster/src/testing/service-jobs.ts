/**
 * What one forecasting run hands the pool for each series, synthetic and deterministic: 90 days of
 * daily totals and 22 days of hourly values (the default history), horizons 1, 7, 30 and 90 days,
 * one quota. For the benchmarks of the service's per-series work.
 */
import type { ForecastJob } from '../service/forecast-pool';
import { asRawSeries, hourOfDayProfile, usageSeries, variedDailyUsage, weekdayProfile } from './synthetic';

const DAYS = 90;
const HOURS = 22 * 24;
const HORIZONS = [{ label: '1d', days: 1 }, { label: '7d', days: 7 }, { label: '30d', days: 30 }, { label: '90d', days: 90 }];

/** Series differ in level, growth, weekend dip, noise and incidents; the same every run. */
export function serviceJob(index: number): ForecastJob {
  const seed = index + 1;
  const weekHours = weekdayProfile(0.4 + ((seed * 37) % 60) / 100).flatMap((factor) => Array<number>(24).fill(factor));
  return {
    daily: asRawSeries(variedDailyUsage(seed, DAYS), 86_400_000),
    hourly: asRawSeries(usageSeries({ points: HOURS, level: 50 + (seed % 500), growth: 0, seasons: [hourOfDayProfile(0.6), weekHours], noise: 0.1, anomalies: 1, shifts: 0, seed }), 3_600_000),
    horizons: HORIZONS,
    limits: [{ metric: 'participant_minutes', kind: 'quota', value: 1e5 }],
  };
}

export const SERVICE_JOB_SHAPE = `${DAYS} days daily + ${HOURS / 24} days hourly, horizons ${HORIZONS.map((h) => h.label).join('/')}`;
