/**
 * Does accuracy hold on data the models were not tuned on? Runs the backtest on variants of the
 * real files (days cut at other hours, other stretches of the history, other bucket sizes) and on
 * synthetic usage series, and prints per group what the bars ask: geometric-mean MASE of "auto",
 * how often it beats every seasonal naive, and the coverage of its 95 % band, overall and by lead-time
 * bucket (how many buckets hold 93–97 %, against how many an exactly calibrated band would).
 *
 *   node --import tsx forecaster/bench/generalisation.ts [data folder]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AUTO } from '../src/backtest/backtest-series';
import { evaluateSeries, type EvaluatedSeries, type EvaluateOptions } from '../src/backtest/evaluate-csv';
import { bucketsInRange, bucketsOf } from '../src/backtest/lead-coverage';
import { geometricMean } from '../src/backtest/metrics';
import { loadAugurs } from '../src/models/augurs';
import { parseCsvSeries } from '../src/series/read-csv';
import type { RawSeries } from '../src/series/types';
import { asRawSeries, hourOfDayProfile, seededRandom, usageSeries, weekdayProfile } from '../src/testing/synthetic';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const folder = process.argv[2] ?? join(__dirname, '../../../shared/data/forecast');
const augurs = loadAugurs();
const read = (file: string): RawSeries => parseCsvSeries(readFileSync(join(folder, file), 'utf8'), file);
const shift = (raw: RawSeries, ms: number): RawSeries => ({ times: raw.times.map((time) => time + ms), values: raw.values });
const slice = (raw: RawSeries, fromMs: number, toMs: number): RawSeries => {
  const keep = raw.times.map((time) => time >= raw.times[0] + fromMs && time <= raw.times[raw.times.length - 1] - toMs);
  return { times: raw.times.filter((_, index) => keep[index]), values: raw.values.filter((_, index) => keep[index]) };
};

interface Case {
  readonly name: string;
  readonly raw: RawSeries;
  readonly options: Omit<EvaluateOptions, 'augurs'>;
}

const daily = { bucketMs: DAY, agg: 'sum', season: 'auto', horizon: 28, step: 7, level: 0.95 } as const;
const hourly = { bucketMs: HOUR, agg: 'mean', season: 'auto', horizon: 48, level: 0.95 } as const;

function realCases(): Record<string, Case[]> {
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

function report(group: string, cases: readonly Case[]): void {
  const results = cases.map((entry) => ({ entry, evaluation: evaluateSeries(entry.raw, entry.name, { ...entry.options, augurs }) }));
  const done = results.filter((result): result is { entry: Case; evaluation: EvaluatedSeries } => result.evaluation.status === 'ok');
  const lines: string[] = [];
  const autos = done.map(({ entry, evaluation }) => {
    const rows = evaluation.report.models;
    const auto = rows.find((row) => row.name === AUTO);
    if (!auto) throw new Error(`no auto row for ${entry.name}`);
    const naive = rows.filter((row) => row.name.startsWith('snaive-'));
    const beats = naive.every((row) => auto.mase < row.mase);
    lines.push(
      `    ${entry.name.padEnd(42)} auto ${auto.mase.toFixed(3)} cover ${(auto.coverage * 100).toFixed(1).padStart(5)} %  ` +
        `${naive.map((row) => `${row.name} ${row.mase.toFixed(3)}`).join(' ')}${beats ? '' : '  ← not better'}  ${evaluation.report.selected}`,
    );
    return { auto, beats };
  });
  for (const result of results) if (result.evaluation.status !== 'ok') lines.push(`    ${result.entry.name}: ${result.evaluation.status}: ${result.evaluation.reason}`);
  const coverages = autos.map(({ auto }) => auto.coverage * 100);
  const buckets = bucketsInRange(autos.flatMap(({ auto }) => bucketsOf(auto)), { level: 0.95, low: 0.93, high: 0.97 });
  bucketTotals.push({ group, count: autos.reduce((sum, { auto }) => sum + auto.coverageByLead.length, 0), ...buckets });
  console.log(
    `${group}: ${done.length} series, geometric-mean MASE ${geometricMean(autos.map(({ auto }) => auto.mase)).toFixed(3)}, ` +
      `better than seasonal naive on ${autos.filter(({ beats }) => beats).length}, geometric-mean MSIS ${geometricMean(autos.map(({ auto }) => auto.msis)).toFixed(2)}, coverage mean ` +
      `${(coverages.reduce((sum, value) => sum + value, 0) / coverages.length).toFixed(1)} % (${Math.min(...coverages).toFixed(1)}–${Math.max(...coverages).toFixed(1)}); ` +
      `lead-time buckets in 93–97 % ${buckets.inRange} (a calibrated band: ${buckets.expected.toFixed(1)}), mean distance ${(100 * buckets.distance).toFixed(2)} points`,
  );
  console.log(lines.join('\n'));
}

/** Per group: lead-time buckets in range, expected for an exactly calibrated band, mean distance from 95 %. */
const bucketTotals: { group: string; count: number; inRange: number; expected: number; distance: number }[] = [];
for (const [group, cases] of Object.entries({ ...realCases(), ...syntheticCases() })) report(group, cases);
const count = bucketTotals.reduce((sum, total) => sum + total.count, 0);
console.log(
  `all groups: lead-time buckets in 93–97 % ${bucketTotals.reduce((sum, total) => sum + total.inRange, 0)} of ${count} ` +
    `(a band calibrated exactly at 95 %: ${bucketTotals.reduce((sum, total) => sum + total.expected, 0).toFixed(1)}), mean distance ` +
    `${((100 * bucketTotals.reduce((sum, total) => sum + total.distance * total.count, 0)) / count).toFixed(2)} points`,
);
