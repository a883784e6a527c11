/**
 * The series of the generalisation set (generalisation.ts, rescore.ts): variants of the real files
 * the models were not tuned on (days cut at other hours, other stretches, 2-hour buckets) and
 * synthetic usage series, by group.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EvaluateOptions } from '../src/backtest/evaluate-csv';
import { parseCsvSeries } from '../src/series/read-csv';
import type { RawSeries } from '../src/series/types';
import { asRawSeries, hourOfDayProfile, seededRandom, usageSeries, weekdayProfile } from '../src/testing/synthetic';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const reader = (folder: string) => (file: string): RawSeries => parseCsvSeries(readFileSync(join(folder, file), 'utf8'), file);
const shift = (raw: RawSeries, ms: number): RawSeries => ({ times: raw.times.map((time) => time + ms), values: raw.values });
const slice = (raw: RawSeries, fromMs: number, toMs: number): RawSeries => {
  const keep = raw.times.map((time) => time >= raw.times[0] + fromMs && time <= raw.times[raw.times.length - 1] - toMs);
  return { times: raw.times.filter((_, index) => keep[index]), values: raw.values.filter((_, index) => keep[index]) };
};

export interface Case {
  readonly name: string;
  readonly raw: RawSeries;
  readonly options: Omit<EvaluateOptions, 'augurs'>;
}

export const daily = { bucketMs: DAY, agg: 'sum', season: 'auto', horizon: 28, step: 7, level: 0.95 } as const;
export const hourly = { bucketMs: HOUR, agg: 'mean', season: 'auto', horizon: 48, level: 0.95 } as const;

function realCases(folder: string): Record<string, Case[]> {
  const read = reader(folder);
  const api = read('mscloud-api-01.csv');
  const taxi = read('nab-nyc_taxi.csv');
  const ingress = read('mscloud-ingress-01.csv');
  const ec2 = read('nab-ec2_cpu_utilization_24ae8d.csv');
  const long = { api, taxi };
  return {
    'daily, days cut at 06, 12, 18 h': Object.entries(long).flatMap(([name, raw]) =>
      [6, 12, 18].map((hours) => ({ name: `${name}+${hours}h`, raw: shift(raw, hours * HOUR), options: daily })),
    ),
    'daily, other stretches': Object.entries(long).flatMap(([name, raw]) => [
      { name: `${name} without the first 6 weeks`, raw: slice(raw, 42 * DAY, 0), options: daily },
      { name: `${name} without the last 3 weeks`, raw: slice(raw, 0, 21 * DAY), options: daily },
      { name: `${name} without the last 9 weeks`, raw: slice(raw, 0, 63 * DAY), options: daily },
    ]),
    'daily, mean': Object.entries(long).map(([name, raw]) => ({ name, raw, options: { ...daily, agg: 'mean' } })),
    'hourly, short stretches (2–3 weeks)': [
      ...Object.entries(long).flatMap(([name, raw]) =>
        [0, 60, 120].map((weeksAgo) => ({
          name: `${name} 3 weeks, ${weeksAgo} days before the end`,
          raw: slice(raw, (raw.times[raw.times.length - 1] - raw.times[0]) - (weeksAgo + 21) * DAY, weeksAgo * DAY),
          options: hourly,
        })),
      ),
      { name: 'ingress cut at :30', raw: shift(ingress, 30 * 60_000), options: hourly },
      { name: 'ec2 without the first 2 days', raw: slice(ec2, 2 * DAY, 0), options: hourly },
    ],
    'every 2 hours, 48 h': [api, taxi, ingress, ec2].map((raw, index) => ({
      name: ['api', 'taxi', 'ingress', 'ec2'][index],
      raw,
      options: { ...hourly, bucketMs: 2 * HOUR, horizon: 24 },
    })),
  };
}

function syntheticCases(): Record<string, Case[]> {
  const random = seededRandom(2024);
  const pick = (low: number, high: number) => low + (high - low) * random();
  const dailyCases = Array.from({ length: 16 }, (_, index) => ({
    name: `synthetic daily ${index}`,
    raw: asRawSeries(
      usageSeries({
        points: Math.round(pick(120, 400)),
        level: pick(100, 1e6),
        growth: pick(-0.001, 0.003),
        seasons: [weekdayProfile(pick(0.4, 1.1))],
        noise: pick(0.02, 0.15),
        anomalies: pick(0, 8),
        shifts: pick(0, 2),
        seed: index + 1,
      }),
      DAY,
    ),
    options: daily,
  }));
  const hourlyCases = Array.from({ length: 8 }, (_, index) => ({
    name: `synthetic hourly ${index}`,
    raw: asRawSeries(
      usageSeries({
        points: 24 * Math.round(pick(12, 60)),
        level: pick(10, 1e4),
        growth: pick(-0.0001, 0.0003),
        seasons: [hourOfDayProfile(pick(0.2, 0.8)), weekdayProfile(pick(0.5, 1)).flatMap((factor) => new Array(24).fill(factor))],
        noise: pick(0.03, 0.2),
        anomalies: pick(0, 10),
        shifts: pick(0, 2),
        seed: 100 + index,
      }),
      HOUR,
    ),
    options: hourly,
  }));
  return { 'synthetic daily, 28/7': dailyCases, 'synthetic hourly, 48 h': hourlyCases };
}

/** Every group of the generalisation set, real variants first, read from `folder` (../shared/data/forecast). */
export function generalisationGroups(folder: string): Record<string, Case[]> {
  return { ...realCases(folder), ...syntheticCases() };
}
